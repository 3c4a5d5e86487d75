/// The rules of the ideogram-4 remix and describe and the two transparent generations on /v2
/// that their schemas state in prose (reference/ideogram-openapi-2026-10.json), and the size each
/// answer will have. Everything here is checked before any money is held.
enum V2ModelRequestRules {
    /// The describe's `image`: "max 10MB" (the remix's is 50 MB, above the gateway's own limit).
    static let maxDescribeImageBytes = 10 * 1024 * 1024
    /// How far apart two shapes may be and still count as "the source's shape": sources come
    /// in any size, `ResolutionV4` only in multiples of 16, so an exact match is too strict.
    static let shapeTolerance = 0.02

    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        switch request.operation {
        case .v2Remix4:
            try remix4(&request, fields)
        case .v2Describe4:
            guard let image = request.image else { throw .missingField("image") }
            if image.bytes.readableBytes > maxDescribeImageBytes {
                throw .badRequest(
                    IdeogramError.Code.imageTooLarge,
                    "'image' is \(image.bytes.readableBytes) bytes; the ideogram-4 describe takes at most \(maxDescribeImageBytes).")
            }
            request.numImages = 1
            request.outputResolution = image.resolution  // no image output; the input's size for reference
        case .v2GenerateTransparent4:
            request.renderingSpeed = V2RequestRules.speed(fields)
            // "Each tier is a total pixel budget equal to a square of the named size"; `auto`
            // lets the prompt choose, which the sandbox and the quote take as the square.
            let tier = (fields.string("output_resolution") ?? "1k").uppercased()
            request.outputTier = tier
            request.outputResolution = ResolutionCatalogV4.transparentSize(
                aspectRatio: fields.string("aspect_ratio") ?? "auto", outputResolution: tier)
        default:  // .v2GenerateTransparent3
            request.renderingSpeed = V2RequestRules.speed(fields)
            // "Omitting the field is not `auto`: it uses 1x1"; `auto` is the square here too.
            let ratio = fields.string("aspect_ratio").flatMap(AspectRatio.v3(named:)) ?? .square
            let factor = switch fields.string("upscale_factor")?.lowercased() {
            case "x2": 2
            case "x4": 4
            default: 1
            }
            // /v2's `GeneratedImageObject` has one `resolution` and no `upscaled_resolution`
            // (the /v1 route's pair): the size is the delivered image's, after the upscale.
            request.outputResolution = ratio.v2Default.scaled(by: factor)
        }
    }

    private static func remix4(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        guard let image = request.image else { throw .missingField("image") }
        // "Remixes are not reproducible, so no `seed` is accepted; the response reports the
        // seed that was used." The gateway picks that seed itself (ImagePipeline.process).
        if fields.has("seed") {
            throw .badRequest(
                IdeogramError.Code.unsupportedField,
                "'seed' is not accepted by the ideogram-4 remix: remixes are not reproducible; the answer reports the seed used.")
        }
        request.renderingSpeed = V2RequestRules.speed(fields)
        let named = fields.string("resolution").flatMap(Resolution.init(v3Name:))
        if let named, fields.has("image_weight"), !sameShape(named, image.resolution) {
            throw .conflicting(
                "'image_weight' needs the source's shape; 'resolution' \(named) changes it from \(image.resolution). Drop one of them.")
        }
        // Omitted: "the server chooses a value from your prompt"; the sandbox blends at 50.
        request.imageWeight = fields.int("image_weight") ?? 50
        // "When omitted, the source image's shape is kept": the nearest 1K Ideogram 4 size.
        request.outputResolution = named ?? ResolutionCatalogV4.nearestOneK(to: image.resolution)
    }

    static func sameShape(_ a: Resolution, _ b: Resolution) -> Bool {
        guard a.height > 0, b.height > 0 else { return false }
        let ra = Double(a.width) / Double(a.height), rb = Double(b.width) / Double(b.height)
        return abs(ra - rb) / rb <= shapeTolerance
    }
}
