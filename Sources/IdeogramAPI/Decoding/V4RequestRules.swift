/// The rules of the Ideogram 4 and 4.5 endpoints that their schemas state only in prose
/// (reference/ideogram-api-2026-10-delta.md §1b): exactly one of `text_prompt` and
/// `json_prompt`, FLASH refused, and the size each answer will have.
enum V4RequestRules {
    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        let operation = request.operation
        // No V4 body has `num_images`: one image per request, whatever else was sent.
        request.numImages = 1
        request.styleType = nil
        switch operation {
        case .v4Generate, .v45Generate, .v4GenerateTransparent:
            request.prompt = try oneOfPrompts(fields)
        case .v4Remix:
            request.prompt = fields.string("text_prompt")
            request.imageWeight = fields.int("image_weight") ?? 50
        case .v4ImageToImage:
            request.prompt = fields.string("prompt")
        case .v4MagicPrompt:
            request.prompt = fields.string("text_prompt")
        default:
            break
        }
        request.renderingSpeed = try renderingSpeed(operation, fields)
        let size = try outputResolution(&request, fields)
        request.outputResolution = size
    }

    /// `text_prompt` (magic prompt applied by Ideogram) or `json_prompt` (used as-is): exactly
    /// one. A blank `text_prompt` counts as absent. Returns the text the answer reports.
    private static func oneOfPrompts(_ fields: FieldLookup) throws(IdeogramError) -> String {
        let text = fields.string("text_prompt").flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let json = fields.fields["json_prompt"]
        switch (text, json) {
        case (let text?, nil):
            return text
        case (nil, let json?):
            return V4JsonPromptValidator.summary(json) ?? ""
        case (nil, nil):
            throw .badRequest(IdeogramError.Code.promptRequired, "Send exactly one of 'text_prompt' and 'json_prompt'; neither was given.")
        case (.some, .some):
            throw .badRequest(
                IdeogramError.Code.conflictingPrompts, "Send exactly one of 'text_prompt' and 'json_prompt', not both.")
        }
    }

    /// DEFAULT when absent. FLASH is in the V4 enum but Ideogram answers it with a 400 "until it
    /// ships"; refusing it here costs the customer nothing. Describe and magic prompt have none.
    private static func renderingSpeed(_ operation: Operation, _ fields: FieldLookup) throws(IdeogramError) -> RenderingSpeed? {
        if operation == .v4Describe || operation == .v4MagicPrompt { return nil }
        let speed = fields.string("rendering_speed").flatMap(RenderingSpeed.init(rawValue:)) ?? .default
        if speed == .flash {
            throw .badRequest(
                IdeogramError.Code.unsupportedRenderingSpeed,
                "rendering_speed FLASH is not available for Ideogram 4 yet; use TURBO, DEFAULT or QUALITY.")
        }
        return speed
    }

    private static func outputResolution(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) -> Resolution {
        let named = fields.string("resolution").flatMap(Resolution.init(v3Name:))
        switch request.operation {
        case .v4GenerateTransparent:
            let tier = fields.string("output_resolution") ?? "1K"
            request.outputTier = tier
            return ResolutionCatalogV4.transparentSize(aspectRatio: fields.string("aspect_ratio") ?? "AUTO", outputResolution: tier)
        case .v4Remix, .v4ImageToImage:
            guard let image = request.image else { throw .missingField("image") }
            return named ?? ResolutionCatalogV4.nearestOneK(to: image.resolution)
        case .v4Describe:
            guard let image = request.image else { throw .missingField("image_file") }
            return image.resolution  // no image output; the input's size for reference
        default:
            return named ?? ResolutionCatalogV4.defaultResolution
        }
    }
}
