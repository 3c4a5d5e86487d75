/// Defaults and output sizes of the Ideogram 3.0 endpoints.
enum V3RequestRules {
    /// Endpoints whose spec has `style_type` with `default: GENERAL`.
    private static let styleTypeDefaults: Set<Operation> = [.v3Generate, .v3Remix, .v3Edit, .v3Inpaint]

    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        let operation = request.operation
        request.renderingSpeed = fields.string("rendering_speed").flatMap(RenderingSpeed.init(rawValue:)) ?? .default
        request.styleType = fields.string("style_type") ?? (styleTypeDefaults.contains(operation) ? "GENERAL" : nil)
        if operation == .v3Remix {
            request.imageWeight = fields.int("image_weight") ?? 50
        }
        request.outputResolution = try outputResolution(operation, fields, image: request.image)
        if operation == .v3GenerateTransparent {
            let factor = switch fields.string("upscale_factor") {
            case "X2": 2
            case "X4": 4
            default: 1
            }
            request.upscaledResolution = factor > 1 ? request.outputResolution.scaled(by: factor) : nil
        }
    }

    private static func outputResolution(
        _ operation: Operation, _ fields: FieldLookup, image: ImageInput?
    ) throws(IdeogramError) -> Resolution {
        switch operation {
        case .v3Edit, .v3Inpaint, .v3ReplaceBackground:
            // These endpoints take no size: the output follows the input, snapped to a V3 size.
            guard let image else { throw .missingField("image") }
            return ResolutionCatalog.nearestV3(to: image.resolution)
        case .v3Reframe:
            guard let resolution = fields.string("resolution").flatMap(Resolution.init(v3Name:)) else {
                throw .missingField("resolution")
            }
            return resolution
        default:
            // generate, remix (input cropped to the ratio), generate-transparent.
            if let resolution = fields.string("resolution").flatMap(Resolution.init(v3Name:)) {
                return resolution
            }
            let ratio = fields.string("aspect_ratio").flatMap(AspectRatio.v3(named:)) ?? .square
            return ratio.v2Default
        }
    }
}
