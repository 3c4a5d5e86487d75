/// A file field of an endpoint.
struct FileSpec {
    let name: String
    let required: Bool
    /// Reference arrays: repeated parts, limited in total size.
    let isArray: Bool
    /// Font files (layerize-text's `font_candidate_files`), checked by `FontValidator`, not as images.
    let isFont: Bool

    init(_ name: String, required: Bool = false, isArray: Bool = false, isFont: Bool = false) {
        self.name = name
        self.required = required
        self.isArray = isArray
        self.isFont = isFont
    }
}
