/// A known non-file field of an endpoint.
struct FieldSpec {
    let name: String
    let kind: FieldKind
    let required: Bool
    /// The spec marks the field `nullable` (Ideogram 4's `seed`, `enable_copyright_detection`):
    /// an explicit null means "not given" instead of an error.
    let nullable: Bool

    init(_ name: String, _ kind: FieldKind, required: Bool = false, nullable: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
        self.nullable = nullable
    }

    static let seed = FieldSpec("seed", .integer(0...2_147_483_647))
    static let numImages = FieldSpec("num_images", .integer(1...8))
    static let weight100: ClosedRange<Int> = 1...100
}
