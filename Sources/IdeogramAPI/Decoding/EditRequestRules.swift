/// Defaults, image counts and output sizes of `/v1/edit`, `/v1/edit-lite` and
/// `/v2/image/reframe/ideogram-3`. Everything here is checked before any money is held.
enum EditRequestRules {
    /// `/v1/edit`: `images` ≤ 10 and `image_urls` ≤ 10 (`maxItems` of each).
    static let maxEditImages = 10
    /// `/v1/edit-lite`: `reference_images` ≤ 9 ("for a total of 10 images").
    static let maxEditLiteReferences = 9

    static func complete(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        switch request.operation {
        case .v1Edit: try edit(&request, fields)
        case .v1EditLite: try editLite(&request, fields)
        default: try reframe3(&request, fields)
        }
    }

    private static func edit(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        let uploaded = (request.image == nil ? 0 : 1) + request.referenceImages.count
        guard uploaded <= maxEditImages else {
            throw .badRequest(IdeogramError.Code.tooManyImages, "'images' holds \(uploaded) files; the most is \(maxEditImages).")
        }
        let links = try request.linkedImageURLs()
        guard links.count <= maxEditImages else {
            throw .badRequest(IdeogramError.Code.tooManyImages, "'image_urls' holds \(links.count) links; the most is \(maxEditImages).")
        }
        guard uploaded + links.count > 0 else {
            throw .badRequest(IdeogramError.Code.missingField, "Send the images to edit in 'images' or 'image_urls'.")
        }
        // `aspect_ratio` "Defaults to 1x1"; either field names an Ideogram 3.0 size.
        if let resolution = fields.string("resolution").flatMap(Resolution.init(v3Name:)) {
            request.outputResolution = resolution
        } else {
            request.outputResolution = fields.string("aspect_ratio").flatMap(AspectRatio.v3(named:))?.v2Default ?? AspectRatio.square.v2Default
        }
    }

    private static func editLite(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        guard let image = request.image else { throw .missingField("image") }
        guard request.referenceImages.count <= maxEditLiteReferences else {
            throw .badRequest(
                IdeogramError.Code.tooManyImages,
                "'reference_images' holds \(request.referenceImages.count) files; the most is \(maxEditLiteReferences).")
        }
        // "Output is always generated at 1K resolution"; without a ratio it follows the image.
        request.outputResolution = fields.string("aspect_ratio").flatMap(EditLiteSize.named) ?? EditLiteSize.following(image.resolution)
    }

    /// The ideogram-3 reframe: the source kept in the centre of a `resolution`-sized canvas.
    static func reframe3(_ request: inout IdeogramRequest, _ fields: FieldLookup) throws(IdeogramError) {
        guard request.image != nil else {
            throw .badRequest(
                IdeogramError.Code.missingField,
                "'image' is required: upload the source as a multipart file (asset identifiers are not resolved here).")
        }
        guard let resolution = fields.string("resolution").flatMap(Resolution.init(v3Name:)) else { throw .missingField("resolution") }
        // "Supply only one of style_preset, style_codes, or style_reference_images." FieldConflicts
        // already refuses codes with references.
        if fields.has("style_preset"), fields.has("style_codes") || !request.styleReferenceImages.isEmpty {
            throw .conflicting("'style_preset' cannot be combined with 'style_codes' or 'style_reference_images'.")
        }
        request.renderingSpeed = fields.string("rendering_speed").flatMap { RenderingSpeed(rawValue: $0.uppercased()) } ?? .default
        request.outputResolution = resolution
    }
}
