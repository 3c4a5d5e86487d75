/// Defaults, model limits and output sizes of the legacy endpoints.
enum LegacyRequestRules {
    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        let operation = request.operation
        switch operation {
        case .upscale:
            guard let image = request.image else { throw .missingField("image_file") }
            // "Upscale … up to 2x": the seed promises twice the input resolution.
            request.outputResolution = image.resolution.scaled(by: 2)
            return
        case .describe:
            guard let image = request.image else { throw .missingField("image_file") }
            request.numImages = 1
            request.outputResolution = image.resolution  // no image output; the input's size for reference
            return
        default:
            break
        }

        let model = fields.string("model").flatMap(LegacyModel.init(rawValue:)) ?? .defaultModel
        request.model = model
        try checkModelLimits(model, operation: operation, fields)
        request.styleType = fields.string("style_type") ?? (model.isV1 ? nil : "AUTO")
        if operation == .remix {
            request.imageWeight = fields.int("image_weight") ?? 50
        }
        // ComfyUI's non-official ratios become values Ideogram accepts (AspectRatio+Tolerated.swift).
        let sized = AspectRatio.replaceTolerated(in: &request.fields, model: model) ? FieldLookup(fields: request.fields) : fields
        request.outputResolution = try outputResolution(operation, model: model, sized, image: request.image)
    }

    /// Spec text: `/edit` only for V_2/V_2_TURBO; `style_type` not for V_1; `negative_prompt` not for
    /// 2a; `color_palette` not for V_1 or 2a.
    private static func checkModelLimits(_ model: LegacyModel, operation: Operation, _ fields: FieldLookup) throws(IdeogramError) {
        if operation == .edit, !model.supportsLegacyEdit {
            throw .badRequest(
                IdeogramError.Code.unsupportedModel,
                "/edit supports only models V_2 and V_2_TURBO (got \(model.rawValue))."
            )
        }
        if model.isV1, fields.has("style_type") {
            throw .conflicting("'style_type' is not supported by \(model.rawValue); it applies to V_2 and later.")
        }
        if model.isV2A, fields.has("negative_prompt") {
            throw .conflicting("'negative_prompt' is not supported by \(model.rawValue).")
        }
        if model.isV1 || model.isV2A, fields.has("color_palette") {
            throw .conflicting("'color_palette' is not supported by \(model.rawValue).")
        }
    }

    private static func outputResolution(
        _ operation: Operation, model: LegacyModel, _ fields: FieldLookup, image: ImageInput?
    ) throws(IdeogramError) -> Resolution {
        switch operation {
        case .edit:
            guard let image else { throw .missingField("image_file") }
            return image.resolution
        case .reframe:
            guard let resolution = fields.string("resolution").flatMap(Resolution.init(legacyName:)) else {
                throw .missingField("resolution")
            }
            return resolution
        default:
            // generate and remix.
            if let resolution = fields.string("resolution").flatMap(Resolution.init(legacyName:)) {
                return resolution
            }
            let ratio = fields.string("aspect_ratio").flatMap(AspectRatio.legacy(named:)) ?? .square
            return model.isV1 ? (ratio.v1Default ?? ratio.v2Default) : ratio.v2Default
        }
    }
}
