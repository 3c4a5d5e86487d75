import IdeogramAPI

/// The price-book rows of the /v2 image routes (issue 14). Each amount names its source.
extension PriceList {
    static let v2Defaults: [(operation: IdeogramAPI.Operation, variant: String, micros: Int64)] = {
        var list: [(IdeogramAPI.Operation, String, Int64)] = []
        for (variant, micros) in V45Price.defaults {
            list.append((.v2Generate45, variant, micros))
            list.append((.v2PreciseEdit45, variant, micros))
        }
        // Ideogram 4.0 Turbo / Default / Quality: $0.03 / $0.06 / $0.10 (ideogram-api.md §10).
        for (speed, micros) in ["TURBO": 30_000, "DEFAULT": 60_000, "QUALITY": 100_000] as [String: Int64] {
            list.append((.v2Generate4, speed, micros))
        }
        // Ideogram 3.0 on /v2 costs what it costs on /v1: the seed's generate prices.
        for (speed, micros) in ["TURBO": 30_000, "DEFAULT": 60_000, "QUALITY": 90_000] as [String: Int64] {
            list.append((.v2Generate3, speed, micros))
            list.append((.v2Remix3, speed, micros))
        }
        // Inpaint costs what /v1 edit and inpaint cost: $0.06 Turbo and Default, $0.09 Quality (seed).
        for (speed, micros) in ["TURBO": 60_000, "DEFAULT": 60_000, "QUALITY": 90_000] as [String: Int64] {
            list.append((.v2Inpaint3, speed, micros))
        }
        // Describe is a flat fee per input, as on /describe: $0.01 (ideogram-api.md §10).
        list.append((.v2Describe3, PriceList.anyVariant, 10_000))
        return list
    }()
}

/// Ideogram 4.5's price variants: `quality` × output tier, spelled `MEDIUM_1K`, `HIGH_2K`, ….
enum V45Price {
    static let qualities = ["very_low", "low", "medium", "high"]
    static let tiers = ["1K", "2K"]

    static func variant(quality: String, tier: String) -> String { quality.uppercased() + "_" + tier }

    static var variants: [String] { qualities.flatMap { q in tiers.map { variant(quality: q, tier: $0) } } }

    /// 1K low / medium / high: $0.03 / $0.06 / $0.10 (issue 14 §5, Ideogram's 4.5 list price).
    /// Neither reference publishes a 2K or a very_low figure ("higher quality … costs more",
    /// "very_low, the fastest and cheapest"): the gateway sets very_low 1K at $0.02, below low, and
    /// every 2K price at 1.5× its 1K price rounded up to the cent (2K has four times the pixels;
    /// Ideogram's own premium tiers, e.g. character reference, run at about 1.5×). Operators
    /// change any of them with `ideogate price set`.
    static let defaults: [(String, Int64)] = [
        ("VERY_LOW_1K", 20_000), ("LOW_1K", 30_000), ("MEDIUM_1K", 60_000), ("HIGH_1K", 100_000),
        ("VERY_LOW_2K", 30_000), ("LOW_2K", 50_000), ("MEDIUM_2K", 90_000), ("HIGH_2K", 150_000),
    ]
}
