/// A file field of an endpoint.
struct FileSpec {
    let name: String
    let required: Bool
    /// Reference arrays: repeated parts, limited in total size.
    let isArray: Bool

    init(_ name: String, required: Bool = false, isArray: Bool = false) {
        self.name = name
        self.required = required
        self.isArray = isArray
    }
}
