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
        for entry in v4Defaults { list.append((entry.operation, entry.variant, entry.micros)) }
        list += v2Defaults  // the /v2 routes (PriceList+V2.swift)
        list += toolDefaults  // remove-background, remove-object, layerize-text (PriceList+Tools.swift)
        list += editDefaults  // /v1/edit, /v1/edit-lite, the ideogram-3 reframe (PriceList+Edit.swift)
        list += v2ModelDefaults  // ideogram-4 remix and describe, transparent generation (PriceList+V2Models.swift)
        return list
    }()
}

// MARK: Ideogram 4 and 4.5
extension PriceList {
    /// Ideogram 4 and 4.5 on /v1, per image (per request for describe and magic prompt).
    static let v4Defaults: [(operation: IdeogramAPI.Operation, variant: String, micros: Int64)] = {
        var list: [(IdeogramAPI.Operation, String, Int64)] = []
        // Source: ideogram-api.md §10, "4.0 Turbo / Default / Quality $0.03 / $0.06 / $0.10";
        // §10 also says generate-type prices apply to generate, remix and edit alike, so remix
        // and image-to-image take the generate price.
        let v4 = ["TURBO": 30_000, "DEFAULT": 60_000, "QUALITY": 100_000] as [String: Int64]
        for (speed, p) in v4 {
            list.append((.v4Generate, speed, p))
            list.append((.v4Remix, speed, p))
            list.append((.v4ImageToImage, speed, p))
        }
        // Source: operator default. No reference prices Ideogram 4 transparent; these are 3.0
        // transparent's X1 prices (ideogram-api.md §10), for every output_resolution tier.
        let transparent = ["TURBO": 40_000, "DEFAULT": 70_000, "QUALITY": 100_000] as [String: Int64]
        for (speed, p) in transparent { list.append((.v4GenerateTransparent, speed, p)) }
        // Source: issue 14 item 5 and the 2026-10 spec's 4.5 pricing prose: low / medium / high
        // $0.03 / $0.06 / $0.10, "up to 1024x1024 bills as 1K, above that as 2K; auto bills as 2K".
        // /v1 4.5 takes rendering_speed, mapped TURBO→low, DEFAULT→medium, QUALITY→high.
        // The 2K amounts are an operator default: no reference gives them, so 2K starts at the
        // 1K price and the operator raises it with `price set v45.generate QUALITY+2K …`.
        for (speed, p) in v4 {
            list.append((.v45Generate, speed, p))
            list.append((.v45Generate, speed + V45Tier.twoKSuffix, p))
        }
        // Source: ideogram-api.md §10, Describe $0.01 per input (third-party constants).
        list.append((.v4Describe, anyVariant, 10_000))
        // Source: operator default. Ideogram publishes no magic-prompt price; $0.01, as describe.
        list.append((.v4MagicPrompt, anyVariant, 10_000))
        return list
    }()
}

/// Ideogram 4.5 bills by the resolved output size: up to 1024×1024 as 1K, above as 2K; a
/// request without a resolution ("auto") as 2K, as Ideogram does.
enum V45Tier {
    static let twoKSuffix = "+2K"
    static let oneKPixels = 1024 * 1024

    static func isTwoK(_ request: IdeogramRequest) -> Bool {
        guard request.fields["resolution"] != nil else { return true }
        return request.outputResolution.pixelCount > oneKPixels
    }
}
// END Ideogram 4 and 4.5

enum CharacterReference {
    /// Appended to the speed in the price variant when a request carries character references.
    static let suffix = "+CHARACTER"
}
