import Foundation

/// Defaults, source-image rules, output sizes and price tiers of the /v2 image routes
/// (ideogram-api-2026-10-delta.md §1b). Everything here is checked before any money is held.
enum V2RequestRules {
    static let maxPromptLength = 10_000
    /// 4.5 generate: `images` ≤ 5; a mask takes one slot, so ≤ 4 with a mask.
    static let maxSources = 5
    /// Precise edit: `reference_images` ≤ 4; ≤ 3 with a mask.
    static let maxReferences = 4

    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        if let prompt = request.prompt, prompt.count > maxPromptLength {
            throw .badRequest(IdeogramError.Code.outOfRange, "'prompt' is \(prompt.count) characters; the most is \(maxPromptLength).")
        }
        switch request.operation {
        case .v2Generate45:
            try generate45(&request, fields)
        case .v2PreciseEdit45:
            try preciseEdit45(&request, fields)
        case .v2Generate4:
            request.renderingSpeed = speed(fields)
            // Omitted: "let the prompt choose"; the sandbox and the quote take the square.
            request.outputResolution = fields.string("resolution").flatMap(Resolution.init(v3Name:)) ?? Resolution(width: 1024, height: 1024)
        case .v2Remix3:
            guard let image = request.image else { throw .missingField("image") }
            request.renderingSpeed = speed(fields)
            request.styleType = fields.string("style_type")?.uppercased() ?? "GENERAL"
            request.imageWeight = fields.int("image_weight") ?? 50
            // "Omit the shape to keep the source's": the V3 size nearest to it.
            request.outputResolution = v3Size(fields) ?? ResolutionCatalog.nearestV3(to: image.resolution)
        case .v2Describe3:
            guard let image = request.image else { throw .missingField("image") }
            request.numImages = 1
            request.outputResolution = image.resolution  // no image output; the input's size for reference
        case .v2Inpaint3:
            guard let image = request.image else { throw .missingField("image") }
            request.renderingSpeed = speed(fields)
            request.styleType = fields.string("style_type")?.uppercased() ?? "GENERAL"
            request.outputResolution = ResolutionCatalog.nearestV3(to: image.resolution)
        case .v2Reframe3:
            try EditRequestRules.reframe3(&request, fields)  // EditRequestRules.swift
        case .v2Remix4, .v2Describe4, .v2GenerateTransparent4, .v2GenerateTransparent3:
            try V2ModelRequestRules.complete(&request, fields)  // V2ModelRequestRules.swift
        default:  // .v2Generate3: the V3 machinery's sizes and defaults
            request.renderingSpeed = speed(fields)
            request.styleType = fields.string("style_type")?.uppercased() ?? "GENERAL"
            request.outputResolution = v3Size(fields) ?? AspectRatio.square.v2Default
        }
    }

    /// `resolution`, else `aspect_ratio` at its default size; nil for neither (or `auto`).
    private static func v3Size(_ fields: FieldLookup) -> Resolution? {
        if let resolution = fields.string("resolution").flatMap(Resolution.init(v3Name:)) { return resolution }
        return fields.string("aspect_ratio").flatMap(AspectRatio.v3(named:))?.v2Default
    }

    static func speed(_ fields: FieldLookup) -> RenderingSpeed {
        fields.string("rendering_speed").flatMap { RenderingSpeed(rawValue: $0.uppercased()) } ?? .default
    }

    // MARK: Ideogram 4.5

    private static func generate45(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        let sources = [request.image].compactMap { $0 } + request.referenceImages
        let hasMask = request.mask != nil
        if hasMask, request.image == nil {
            throw .invalidValue("'mask' edits the first of 'images'; send the images too.")
        }
        let limit = hasMask ? maxSources - 1 : maxSources
        guard sources.count <= limit else {
            throw .invalidValue("'images' holds \(sources.count) files; the most is \(limit)\(hasMask ? " with a mask" : "").")
        }
        for source in sources where !V45Size.isWithinRatio(source.resolution) {
            throw .invalidValue("'\(source.field)' is \(source.resolution); every source must be between 1:6 and 6:1.")
        }
        request.quality = try quality(fields, hasSources: !sources.isEmpty)

        let size = try V45Size(fields.string("size"))
        if hasMask, size.kind != .auto {
            throw .conflicting("'size' cannot be set with a 'mask': the output is the first image's own size.")
        }
        switch size.kind {
        case .auto where hasMask:
            request.outputResolution = request.image?.resolution ?? Resolution(width: 0, height: 0)
            request.billingTier = V45Size.tier(of: request.outputResolution)
        case .auto:
            request.outputResolution = V45Size.auto(like: request.image?.resolution)
            request.billingTier = "2K"  // "An auto size bills as 2K."
        case .source:
            guard let first = request.image else {
                throw .invalidValue("'size' source needs source 'images'.")
            }
            request.outputResolution = V45Size.fitted(first.resolution)
            request.billingTier = V45Size.tier(of: request.outputResolution)
        case .exact(let resolution):
            request.outputResolution = resolution
            request.billingTier = V45Size.tier(of: resolution)
        }
    }

    private static func preciseEdit45(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        // Asset references (`image_asset_identifier`) are Ideogram's storage, not the gateway's.
        guard let image = request.image else { throw .missingField("image") }
        let hasMask = request.mask != nil
        let limit = hasMask ? maxReferences - 1 : maxReferences
        guard request.referenceImages.count <= limit else {
            throw .invalidValue(
                "'reference_images' holds \(request.referenceImages.count) files; the most is \(limit)\(hasMask ? " with a mask" : "").")
        }
        _ = try ContextWindow(fields.string("context_window"), image: image.resolution, hasMask: hasMask)
        request.quality = fields.string("quality") ?? "medium"
        // "The output always matches this image's width and height."
        request.outputResolution = image.resolution
        request.billingTier = V45Size.tier(of: image.resolution)
    }

    private static func quality(_ fields: FieldLookup, hasSources: Bool) throws(IdeogramError) -> String {
        let quality = fields.string("quality") ?? (hasSources ? "medium" : "high")
        if quality == "very_low", !hasSources {
            throw .invalidValue("'quality' very_low needs source 'images'.")
        }
        return quality
    }
}
