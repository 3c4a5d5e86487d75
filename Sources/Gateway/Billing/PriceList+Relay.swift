extension PriceList {
    /// Per-call prices for tools Ideogate relays rather than models (Relay/), where the
    /// references give one. Any other relayed path is priced by Ideogram's own dry run until the
    /// operator sets a price. Operation names are the relay's (`relay:<path>`), variant `*`.
    static let relayDefaults: [(path: String, micros: Int64)] = [
        // ideogram-api.md §10: "Remove background $0.01" (Ideogram's pricing catalogue, Nov 2026).
        // /v1/remove-background and /v1/ideogram-v3/layerize-text are first-class operations
        // now, priced in PriceList+Tools.swift.
        ("/v2/image/remove-background/ideogram-1", 10_000),
    ]
}
