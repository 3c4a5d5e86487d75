import IdeogramAPI

/// The price-book rows of `/v1/edit`, `/v1/edit-lite` and `/v2/image/reframe/ideogram-3`, per
/// output image. Each amount names its source.
extension PriceList {
    static let editDefaults: [(operation: IdeogramAPI.Operation, variant: String, micros: Int64)] = {
        var list: [(IdeogramAPI.Operation, String, Int64)] = []
        // /v1/edit has no rendering speed: Ideogram 3.0 Edit at Default, $0.06 (the seed's V3
        // table; ideogram-api.md §10 says generate-type prices cover Edit alike).
        list.append((.v1Edit, PriceList.anyVariant, 60_000))
        // No reference prices /v1/edit-lite. The spec sells it as "lower cost and latency" with a
        // fixed 1K output, so it starts at $0.03, Ideogram 3.0's cheapest per-image price
        // (Turbo / Flash, ideogram-api.md §10), half of /v1/edit. Operators change it with
        // `price set v1.edit-lite * …`.
        list.append((.v1EditLite, PriceList.anyVariant, 30_000))
        // The ideogram-3 reframe costs what /v1/ideogram-v3/reframe costs (the seed's Reframe
        // column): $0.06 Turbo and Default, $0.09 Quality.
        for (speed, micros) in ["TURBO": 60_000, "DEFAULT": 60_000, "QUALITY": 90_000] as [String: Int64] {
            list.append((.v2Reframe3, speed, micros))
        }
        return list
    }()
}
