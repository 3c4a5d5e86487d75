/// The Ideogram 4 and 4.5 request bodies, transcribed from the 2026-10 spec's schemas
/// (`GenerateImageRequestV4`, `RemixImageRequestV4`, `GenerateImageRequestV4Im2Im`,
/// `GenerateTransparentImageRequestV4`, `DescribeRequestV4`, `MagicPromptV4Request`).
extension EndpointSchema {
    static func v4(_ operation: Operation) -> EndpointSchema {
        switch operation {
        case .v4Remix:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                FieldSpec("text_prompt", .prompt, required: true),
                FieldSpec("image_weight", .integer(FieldSpec.weight100)),
                renderingSpeedV4, FieldSpec("resolution", .enumeration(.resolutionV4)), copyrightDetection,
            ], files: [FileSpec("image", required: true)])
        case .v4ImageToImage:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                FieldSpec("prompt", .prompt),
                FieldSpec("magic_prompt_option", .enumeration(.magicPrompt)),
                renderingSpeedV4, .seed, FieldSpec("resolution", .enumeration(.resolutionV4ImageToImage)),
                copyrightDetection, systemPromptConfig,
            ], files: [FileSpec("image", required: true), FileSpec(additionalImages, isArray: true)])
        case .v4GenerateTransparent:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: prompts + [
                FieldSpec("aspect_ratio", .enumeration(.aspectRatioV4)),
                FieldSpec("output_resolution", .enumeration(.outputResolutionV4)),
                FieldSpec("rendering_speed", .enumeration(.transparentRenderingSpeedV4)),
                nullableSeed, copyrightDetection, systemPromptConfig,
            ], files: [])
        case .v4Describe:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                FieldSpec("include_bbox", .boolean),
                FieldSpec("include_style_descriptions", .boolean),
                FieldSpec("include_tags", .boolean),
            ], files: [FileSpec("image_file", required: true)])
        case .v4MagicPrompt:
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: false, fields: [
                FieldSpec("text_prompt", .prompt, required: true),
                FieldSpec("aspect_ratio", .enumeration(.aspectRatioV4)),
            ], files: [])
        default:
            // generate, 4.5 generate: `GenerateImageRequestV4`, JSON or multipart.
            EndpointSchema(operation: operation, acceptsJSON: true, acceptsMultipart: true, fields: prompts + [
                renderingSpeedV4, FieldSpec("resolution", .enumeration(.resolutionV4)), nullableSeed,
                copyrightDetection, systemPromptConfig, FieldSpec("custom_model_uri", .text),
            ], files: [])
        }
    }

    static let additionalImages = "additional_images"
    /// At most four `additional_images` (`maxItems: 4`).
    static let maxAdditionalImages = 4

    /// Exactly one of the two is required; `V4RequestRules` checks that.
    private static let prompts: [FieldSpec] = [
        FieldSpec("text_prompt", .prompt), FieldSpec("json_prompt", .jsonObject),
    ]
    private static let renderingSpeedV4 = FieldSpec("rendering_speed", .enumeration(.renderingSpeedV4))
    private static let nullableSeed = FieldSpec("seed", .integer(0...2_147_483_647), nullable: true)
    private static let copyrightDetection = FieldSpec("enable_copyright_detection", .boolean, nullable: true)
    private static let systemPromptConfig = FieldSpec("magic_prompt_system_prompt_config_id", .text)
}
