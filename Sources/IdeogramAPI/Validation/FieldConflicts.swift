/// Combinations the spec forbids in prose rather than schema (ideogram-api.md §12.5, §13).
/// Only fields the endpoint knows take part: an unknown field is forwarded, never judged.
enum FieldConflicts {
    static func check(_ fields: FieldLookup, images: UploadedImages, schema: EndpointSchema) throws(IdeogramError) {
        func known(_ name: String) -> Bool { schema.field(named: name) != nil && fields.has(name) }

        if known("aspect_ratio"), known("resolution") {
            throw .conflicting("'aspect_ratio' and 'resolution' are mutually exclusive.")
        }
        if known("style_codes") {
            if known("style_type") {
                throw .conflicting("'style_codes' cannot be combined with 'style_type'.")
            }
            if !images.styleReferences.isEmpty {
                throw .conflicting("'style_codes' cannot be combined with 'style_reference_images'.")
            }
        }
    }
}
