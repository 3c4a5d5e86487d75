/// `/v2/image/remix/ideogram-4`, `/v2/image/describe/ideogram-4`,
/// `/v2/image/generate/ideogram-4-transparent` and `/v2/image/generate/ideogram-3-transparent`,
/// transcribed from the 2026-10 spec (`RemixImageIdeogramV4Request`,
/// `DescribeImageIdeogramV4Request`, `GenerateImageIdeogramV4TransparentRequest`,
/// `GenerateImageIdeogramV3TransparentRequest`).
///
/// As on the other /v2 routes, `async` and `webhook_url` are the gateway's controls, and
/// `private`, `target_collection_id`, `enable_copyright_detection` and `image_asset_identifier`
/// are not modelled and travel upstream untouched; a source must still be uploaded as `image`.
/// The remix has no `seed` and no `magic_prompt` ("always read as an editing instruction"):
/// `V2ModelRequestRules` refuses a seed rather than let the upstream refuse it after the hold.
extension EndpointSchema {
    static func v2Models(_ operation: Operation) -> EndpointSchema {
        switch operation {
        case .v2Remix4:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                prompt, .numImages, speed,
                FieldSpec("resolution", .enumeration(.v2ResolutionV4)),
                FieldSpec("image_weight", .integer(FieldSpec.weight100)),
            ], files: [FileSpec("image", required: true)])
        case .v2Describe4:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: [
                FieldSpec("include_bbox", .boolean),
                FieldSpec("include_style_descriptions", .boolean),
                FieldSpec("include_tags", .boolean),
            ], files: [FileSpec("image", required: true)])
        case .v2GenerateTransparent4:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: false, fields: [
                prompt, .seed, .numImages, speed, magicPrompt,
                FieldSpec("aspect_ratio", .enumeration(.v2AspectRatioV4)),
                FieldSpec("output_resolution", .enumeration(.v2OutputResolutionV4)),
            ], files: [])
        default:  // .v2GenerateTransparent3
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: false, fields: [
                prompt, .seed, .numImages, speed, magicPrompt,
                FieldSpec("aspect_ratio", .enumeration(.v2AspectRatioV3)),
                FieldSpec("negative_prompt", .text),
                FieldSpec("upscale_factor", .enumeration(.v2UpscaleFactor)),
            ], files: [])
        }
    }

    private static let prompt = FieldSpec("prompt", .prompt, required: true)
    private static let speed = FieldSpec("rendering_speed", .enumeration(.v2RenderingSpeed))
    private static let magicPrompt = FieldSpec("magic_prompt", .enumeration(.v2MagicPrompt))
}

extension EnumDomain {
    /// `IdeogramV4AspectRatio`: the /v1 Ideogram 4 ratios, spelled in lower case (`auto`).
    static let v2AspectRatioV4 = EnumDomain(ResolutionCatalogV4.aspectRatioNames.map { $0.lowercased() })
    /// The ideogram-4-transparent `output_resolution` tiers (pixel budgets).
    static let v2OutputResolutionV4 = EnumDomain(ResolutionCatalogV4.outputResolutionNames.map { $0.lowercased() })
    /// The ideogram-3-transparent `upscale_factor`.
    static let v2UpscaleFactor = EnumDomain(["x1", "x2", "x4"])
}
