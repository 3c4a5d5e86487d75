import IdeogramAPI

/// The price-book rows of the ideogram-4 remix and describe and the two transparent generations
/// on /v2. Each amount names its source.
extension PriceList {
    static let v2ModelDefaults: [(operation: IdeogramAPI.Operation, variant: String, micros: Int64)] = {
        var list: [(IdeogramAPI.Operation, String, Int64)] = []
        // Source: ideogram-api.md §10, 4.0 Turbo / Default / Quality $0.03 / $0.06 / $0.10; "the
        // same flat fee per output image for Generate, Remix, Edit…", as /v1 ideogram-4 remix.
        for (speed, micros) in ["TURBO": 30_000, "DEFAULT": 60_000, "QUALITY": 100_000] as [String: Int64] {
            list.append((.v2Remix4, speed, micros))
        }
        // Source: ideogram-api.md §10, Describe $0.01 per input, as both other describe routes.
        list.append((.v2Describe4, PriceList.anyVariant, 10_000))
        // Source: ideogram-api.md §10, "Transparent background, 3.0 Turbo / Default / Quality (X1)
        // $0.04 / $0.07 / $0.10". The X2/X4 upscale table is cut off in every copy: until an
        // operator sets their own, an upscaled image costs its X1 price, as on /v1.
        // Ideogram 4 transparent: operator default. No reference prices it; it takes 3.0
        // transparent's prices for every `output_resolution`, as /v1 ideogram-4 transparent does.
        for (speed, micros) in ["TURBO": 40_000, "DEFAULT": 70_000, "QUALITY": 100_000] as [String: Int64] {
            list.append((.v2GenerateTransparent3, speed, micros))
            list.append((.v2GenerateTransparent4, speed, micros))
        }
        return list
    }()
}
