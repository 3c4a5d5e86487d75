/// The /v2 model-addressed image routes, transcribed from the 2026-10 spec
/// (`GenerateImageIdeogram45Request`, `PreciseEditImageIdeogram45Request`,
/// `GenerateImageIdeogramV4Request`, `GenerateImageIdeogramV3Request`).
///
/// `async` and `webhook_url` are the gateway's controls (`ExecutionMode`); `private`,
/// `target_collection_id`, `enable_copyright_detection` and the `*_asset_identifier(s)` fields are
/// not modelled and travel upstream untouched, like any unknown field.
extension EndpointSchema {
    static func v2(_ operation: Operation) -> EndpointSchema {
        switch operation {
        case .v2Generate45:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                prompt, .seed, .numImages, quality45, magicPromptV2, FieldSpec("size", .text),
            ], files: [FileSpec("images", isArray: true), FileSpec("mask")])
        case .v2PreciseEdit45:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                prompt, .seed, .numImages, quality45, FieldSpec("context_window", .text),
            ], files: [FileSpec("image"), FileSpec("reference_images", isArray: true), FileSpec("mask")])
        case .v2Generate4:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: false, fields: [
                prompt, .seed, .numImages, magicPromptV2,
                FieldSpec("rendering_speed", .enumeration(.v2RenderingSpeed)),
                FieldSpec("resolution", .enumeration(.v2ResolutionV4)),
            ], files: [])
        case .v2Remix3:
            // JSON is accepted, but without asset references a remix needs its multipart `image`.
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true,
                           fields: v3Fields + [FieldSpec("image_weight", .integer(FieldSpec.weight100))],
                           files: [FileSpec("image", required: true), styleReferences])
        case .v2Inpaint3:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                prompt, .seed, .numImages, magicPromptV2, speedV2, styleType, stylePreset, FieldSpec("style_codes", .styleCodes),
            ], files: [FileSpec("image", required: true), FileSpec("mask", required: true), styleReferences])
        case .v2Describe3:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [], files: [FileSpec("image", required: true)])
        default:  // .v2Generate3
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: v3Fields, files: [styleReferences])
        }
    }

    private static let speedV2 = FieldSpec("rendering_speed", .enumeration(.v2RenderingSpeed))
    private static let styleType = FieldSpec("style_type", .enumeration(.v2StyleTypeV3))
    private static let stylePreset = FieldSpec("style_preset", .enumeration(.v2StylePresetV3))
    private static let styleReferences = FileSpec("style_reference_images", isArray: true)
    /// ideogram-3 generate and remix.
    private static let v3Fields: [FieldSpec] = [
        prompt, .seed, .numImages, magicPromptV2, speedV2,
        FieldSpec("resolution", .enumeration(.v2ResolutionV3)),
        FieldSpec("aspect_ratio", .enumeration(.v2AspectRatioV3)),
        FieldSpec("negative_prompt", .text), styleType, stylePreset,
        FieldSpec("color_palette", .colorPalette), FieldSpec("style_codes", .styleCodes),
    ]

    private static let prompt = FieldSpec("prompt", .prompt, required: true)
    private static let quality45 = FieldSpec("quality", .enumeration(.v2Quality))
    private static let magicPromptV2 = FieldSpec("magic_prompt", .enumeration(.v2MagicPrompt))
}
