import IdeogramAPI

/// The price-book rows of the tools, each a flat fee per request (variant `*`), each naming
/// its source.
extension PriceList {
    static let toolDefaults: [(operation: IdeogramAPI.Operation, variant: String, micros: Int64)] = [
        // ideogram-api.md §10: Remove Background is "a flat fee for each Input submitted by the
        // User"; "Remove background $0.01" (Ideogram blog "ideogram-api-pricing", Nov 16 2026).
        (.removeBackground, anyVariant, 10_000),
        // Source: operator default. No reference prices remove-object; it is a one-image tool
        // like remove-background, so it starts at the same $0.01 for the operator to change.
        (.removeObject, anyVariant, 10_000),
        // ideogram-api.md §10: "Layerize text $0.09" (same catalogue).
        (.layerizeText, anyVariant, 90_000),
    ]
}
