/// A known non-file field of an endpoint.
struct FieldSpec {
    let name: String
    let kind: FieldKind
    let required: Bool

    init(_ name: String, _ kind: FieldKind, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
    }

    static let seed = FieldSpec("seed", .integer(0...2_147_483_647))
    static let numImages = FieldSpec("num_images", .integer(1...8))
    static let weight100: ClosedRange<Int> = 1...100
}
