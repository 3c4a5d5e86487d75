import IdeogramAPI

/// The price list a new install starts with, in micros per output image (per request for
/// describe). The seed's tables come first; operations the seed leaves out take Ideogram's own
/// prices (reference/ideogram-api.md §10). Operators change any of it at run time.
public enum PriceList {
    public static let anyVariant = "*"

    public static let defaults: [(operation: IdeogramAPI.Operation, variant: String, micros: Int64)] = {
        var list: [(IdeogramAPI.Operation, String, Int64)] = []
        let v3 = ["FLASH": 30_000, "TURBO": 30_000, "DEFAULT": 60_000, "QUALITY": 90_000] as [String: Int64]
        // Seed: Generate and Remix follow the speed; Edit, Reframe and Replace BG charge
        // $0.06 for Turbo and Default, $0.09 for Quality.
        let v3Edit = ["FLASH": 60_000, "TURBO": 60_000, "DEFAULT": 60_000, "QUALITY": 90_000] as [String: Int64]
        // Ideogram's character-reference prices (Turbo $0.10, Default $0.15, Quality $0.20).
        let character = ["FLASH": 100_000, "TURBO": 100_000, "DEFAULT": 150_000, "QUALITY": 200_000] as [String: Int64]
        let transparent = ["TURBO": 40_000, "DEFAULT": 70_000, "QUALITY": 100_000] as [String: Int64]
        for (speed, p) in v3 {
            list.append((.v3Generate, speed, p))
            list.append((.v3Remix, speed, p))
        }
        for (speed, p) in character {
            list.append((.v3Generate, speed + CharacterReference.suffix, p))
            list.append((.v3Remix, speed + CharacterReference.suffix, p))
        }
        for (speed, p) in v3Edit {
            list.append((.v3Edit, speed, p))
            list.append((.v3Inpaint, speed, p))
            list.append((.v3Reframe, speed, p))
            list.append((.v3ReplaceBackground, speed, p))
        }
        for (speed, p) in transparent { list.append((.v3GenerateTransparent, speed, p)) }
        // Seed: legacy generation by model. V_3 is priced as 3.0 Default; AUTO as V_2.
        let legacy: [String: Int64] = [
            "V_2A": 40_000, "V_2A_TURBO": 25_000, "V_2": 80_000, "V_2_TURBO": 50_000,
            "V_1": 60_000, "V_1_TURBO": 20_000, "V_3": 60_000, "AUTO": 80_000,
        ]
        for (model, p) in legacy {
            list.append((.generate, model, p))
            list.append((.remix, model, p))
            list.append((.reframe, model, p))
        }
        list.append((.edit, "V_2", 80_000))
        list.append((.edit, "V_2_TURBO", 50_000))
        list.append((.upscale, anyVariant, 60_000))
        list.append((.describe, anyVariant, 10_000))
        list += v2Defaults  // the /v2 routes (PriceList+V2.swift)
        return list
    }()
}

enum CharacterReference {
    /// Appended to the speed in the price variant when a request carries character references.
    static let suffix = "+CHARACTER"
}
