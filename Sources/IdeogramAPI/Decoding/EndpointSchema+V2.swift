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
        default:  // .v2Generate3
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                prompt, .seed, .numImages, magicPromptV2,
                FieldSpec("rendering_speed", .enumeration(.v2RenderingSpeed)),
                FieldSpec("resolution", .enumeration(.v2ResolutionV3)),
                FieldSpec("aspect_ratio", .enumeration(.v2AspectRatioV3)),
                FieldSpec("negative_prompt", .text),
                FieldSpec("style_type", .enumeration(.v2StyleTypeV3)),
                FieldSpec("style_preset", .enumeration(.v2StylePresetV3)),
                FieldSpec("color_palette", .colorPalette), FieldSpec("style_codes", .styleCodes),
            ], files: [FileSpec("style_reference_images", isArray: true)])
        }
    }

    private static let prompt = FieldSpec("prompt", .prompt, required: true)
    private static let quality45 = FieldSpec("quality", .enumeration(.v2Quality))
    private static let magicPromptV2 = FieldSpec("magic_prompt", .enumeration(.v2MagicPrompt))
}
