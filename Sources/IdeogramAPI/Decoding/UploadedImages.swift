/// The validated files of a request, by role.
struct UploadedImages {
    var image: ImageInput?
    var mask: ImageInput?
    var styleReferences: [ImageInput] = []
    var characterReferences: [ImageInput] = []
    var characterReferenceMasks: [ImageInput] = []
    /// Ideogram 4 image-to-image: up to four more images beside `image`.
    var additionalImages: [ImageInput] = []
    /// /v2 4.5 routes: the sources after the edit target (`images[1...]`, `reference_images`).
    var references: [ImageInput] = []
    /// layerize-text's `font_candidate_files` (FontValidator).
    var fonts: [FontInput] = []

    init(_ files: [String: [FormPart]], schema: EndpointSchema, limits: InputLimits) throws(IdeogramError) {
        let validator = ImageValidator(limits: limits)
        for spec in schema.files {
            let parts = files[spec.name] ?? []
            if spec.isFont {
                fonts = try FontValidator().fonts(parts, field: spec.name)
            } else if spec.isArray {
                if spec.name == EndpointSchema.additionalImages, parts.count > EndpointSchema.maxAdditionalImages {
                    throw .badRequest(
                        IdeogramError.Code.tooManyImages,
                        "'\(spec.name)' takes at most \(EndpointSchema.maxAdditionalImages) images (got \(parts.count)).")
                }
                let images = try validator.references(parts, field: spec.name)
                switch spec.name {
                case "style_reference_images": styleReferences = images
                case "character_reference_images": characterReferences = images
                case EndpointSchema.additionalImages: additionalImages = images
                case "images":
                    // /v2 4.5: the first source is the one edited, the others guide it.
                    image = images.first
                    references = Array(images.dropFirst())
                case "reference_images": references = images
                default: characterReferenceMasks = images
                }
            } else {
                // A single-image field sent twice: the first part counts, as for text fields.
                let image = try parts.first.map { part throws(IdeogramError) in try validator.image(part) }
                if spec.required && image == nil { throw .missingField(spec.name) }
                if spec.name == "mask" { mask = image } else { self.image = image }
            }
        }
        try validator.checkTotalPixels(all)
        try checkMasks(limits: limits, removal: schema.operation == .removeObject)
    }

    var all: [ImageInput] {
        [image, mask].compactMap { $0 } + styleReferences + characterReferences + characterReferenceMasks + additionalImages + references
    }

    private func checkMasks(limits: InputLimits, removal: Bool) throws(IdeogramError) {
        if let mask, let image {
            // Remove-object's mask has the opposite convention (white = remove): RemovalMaskInspector.
            if removal {
                try RemovalMaskInspector.check(mask: mask, image: image, limits: limits)
            } else {
                try MaskInspector.check(mask: mask, image: image, limits: limits)
            }
        }
        guard !characterReferenceMasks.isEmpty else { return }
        guard characterReferenceMasks.count == characterReferences.count else {
            throw .invalidValue("character_reference_images_mask needs exactly one mask per character reference image.")
        }
        for (mask, reference) in zip(characterReferenceMasks, characterReferences)
        where mask.resolution != reference.resolution {
            throw .badRequest(
                IdeogramError.Code.maskSizeMismatch,
                "A character reference mask is \(mask.resolution) but its reference image is \(reference.resolution)."
            )
        }
    }
}
