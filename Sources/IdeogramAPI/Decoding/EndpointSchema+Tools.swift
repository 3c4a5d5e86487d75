/// The tool bodies, transcribed from the 2026-10 spec (`RemoveBackgroundRequest`,
/// `RemoveObjectRequest`, `LayerizeTextRequest`). All three are multipart only.
extension EndpointSchema {
    static func tools(_ operation: Operation) -> EndpointSchema {
        switch operation {
        case .removeObject:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                // "values are clamped to [1, 10]" / "[1, 128]": the spec clamps, so the gateway does too.
                FieldSpec("guidance_scale", .clampedNumber(1...10), nullable: true),
                FieldSpec("num_inference_steps", .clampedInteger(1...128), nullable: true),
                FieldSpec("rendering_speed", .enumeration(.renderingSpeed)),
                FieldSpec("seed", .integer(0...2_147_483_647), nullable: true),
            ], files: [FileSpec("image", required: true), FileSpec("mask", required: true)])
        case .layerizeText:
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [
                FieldSpec("prompt", .prompt), .seed,
            ], files: [FileSpec("image", required: true), FileSpec(fontCandidates, isArray: true, isFont: true)])
        default:  // .removeBackground
            EndpointSchema(operation: operation, acceptsJSON: false, acceptsMultipart: true, fields: [],
                           files: [FileSpec("image", required: true)])
        }
    }

    static let fontCandidates = "font_candidate_files"
}
