/// `/v1/edit`, `/v1/edit-lite` and `/v2/image/reframe/ideogram-3`, transcribed from the 2026-10
/// spec (`V1EditImagesRequest`, `V1EditLiteImagesRequest`, `ReframeImageIdeogramV3Request`).
///
/// `image_urls` (/v1/edit) is deliberately not a known field: it is a list of links, resolved by
/// the gateway into uploaded images before the request is priced (`IdeogramRequest+LinkedImages`).
/// On the reframe, `image_asset_identifier` and `style_reference_asset_identifiers` name
/// Ideogram's storage, not the gateway's, and travel upstream untouched like the other /v2
/// routes' asset fields; the source must still be uploaded as `image`.
extension EndpointSchema {
    static func edit(_ operation: Operation) -> EndpointSchema {
        switch operation {
        case .v1Edit:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                editPrompt, .seed, .numImages, editMagicPrompt, systemPromptConfig,
                FieldSpec("resolution", .enumeration(.resolutionV3)),
                FieldSpec("aspect_ratio", .enumeration(.aspectRatioV3)),
                FieldSpec("transparent_background", .boolean),
            ], files: [FileSpec("images", isArray: true)])
        case .v1EditLite:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                editPrompt, .seed, .numImages, editMagicPrompt, systemPromptConfig,
                FieldSpec("aspect_ratio", .enumeration(.aspectRatioEditLite)),
                FieldSpec("transparency", .enumeration(.transparency)),
            ], files: [FileSpec("image", required: true), FileSpec("reference_images", isArray: true)])
        default:  // .v2Reframe3
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                FieldSpec("resolution", .enumeration(.v2ResolutionV3), required: true), .seed, .numImages,
                FieldSpec("rendering_speed", .enumeration(.v2RenderingSpeed)),
                FieldSpec("style_preset", .enumeration(.v2StylePresetV3)),
                FieldSpec("color_palette", .colorPalette), FieldSpec("style_codes", .styleCodes),
            ], files: [FileSpec("image", required: true), FileSpec("style_reference_images", isArray: true)])
        }
    }

    private static let editPrompt = FieldSpec("prompt", .prompt, required: true)
    /// `MagicPromptOption`: AUTO, ON, OFF, as on the /v1 Ideogram 3.0 routes.
    private static let editMagicPrompt = FieldSpec("magic_prompt", .enumeration(.magicPrompt))
    private static let systemPromptConfig = FieldSpec("magic_prompt_system_prompt_config_id", .text)
}

extension EnumDomain {
    /// `AspectRatioEditLite`: ten ratios, 21x9 among them (not an `AspectRatioV3` value).
    static let aspectRatioEditLite = EnumDomain(EditLiteSize.ratioNames)
    /// `TransparencyOption`.
    static let transparency = EnumDomain(["AUTO", "TRANSPARENT", "OPAQUE"])
}
