import Foundation

/// The allowed values of one enum field, with the spelling tolerance the gateway grants.
///
/// Matching ignores letter case (`quality` → `QUALITY`) and knows a few aliases seen in the wild;
/// the matched value is returned in Ideogram's canonical spelling so upstreams always receive
/// spec-valid values.
struct EnumDomain: Sendable {
    let values: [String]
    /// Alternative spellings (upper-cased) → canonical value.
    let aliases: [String: String]

    init(_ values: [String], aliases: [String: String] = [:]) {
        self.values = values
        self.aliases = aliases
    }

    func canonical(_ raw: String) -> String? {
        let key = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if let alias = aliases[key] { return alias }
        return values.first { $0.uppercased() == key }
    }

    /// A message that names the allowed values, or a sample of them when the list is long.
    func rejection(field: String, value: String) -> IdeogramError {
        let listed: String
        if values.count <= 16 {
            listed = values.joined(separator: ", ")
        } else {
            listed = values.prefix(8).joined(separator: ", ") + ", … (\(values.count) values)"
        }
        return .badRequest(
            IdeogramError.Code.invalidEnum,
            "Invalid value '\(value)' for '\(field)'. Allowed: \(listed)."
        )
    }
}

extension EnumDomain {
    static let renderingSpeed = EnumDomain(RenderingSpeed.allCases.map(\.rawValue))
    /// generate-transparent: "rendering_speed=FLASH is not supported … the request will return a 400".
    static let transparentRenderingSpeed = EnumDomain(
        RenderingSpeed.allCases.filter { $0 != .flash }.map(\.rawValue)
    )
    static let legacyModel = EnumDomain(LegacyModel.allCases.map(\.rawValue))
    static let magicPrompt = EnumDomain(["AUTO", "ON", "OFF"])
    static let magicPromptVersion = EnumDomain(
        ["V_0", "V_0_1", "V_0_2", "V_0_3", "V_0_4", "V_0_5", "V_0_6", "V_0_7", "V_0_8"]
    )
    static let styleTypeV3 = EnumDomain(["AUTO", "GENERAL", "REALISTIC", "DESIGN", "CUSTOM", "FICTION", "STYLIZED"])
    static let legacyStyleType = EnumDomain(
        ["AUTO", "GENERAL", "FICTION", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME", "CUSTOM", "STYLIZED"]
    )
    static let stylePresetV3 = EnumDomain(StylePresetCatalog.names)
    static let upscaleFactor = EnumDomain(["X1", "X2", "X4"])
    static let describeModelVersion = EnumDomain(["V_2", "V_3", "CUSTOM"])
    static let colorPalettePreset = EnumDomain(
        ["EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE"]
    )
    static let aspectRatioV3 = EnumDomain(AspectRatio.all.map(\.v3Name))
    /// The seed's documentation lists `SPECT_16_10` (a typo for `ASPECT_16_10`); customers copy it.
    static let legacyAspectRatio = EnumDomain(
        // Plus ComfyUI's non-official ratios, rewritten before they go anywhere (AspectRatio+Tolerated.swift).
        AspectRatio.all.compactMap(\.legacyName) + AspectRatio.toleratedLegacy.map(\.toleratedLegacyName),
        aliases: ["SPECT_16_10": "ASPECT_16_10"]
    )
    static let resolutionV3 = EnumDomain(ResolutionCatalog.v3Names)
    static let legacyResolution = EnumDomain(ResolutionCatalog.legacyNames)

    // MARK: Ideogram 4 and 4.5
    /// `RenderingSpeed` as the V4 generate, remix and image-to-image bodies declare it; FLASH is
    /// in the enum but refused (`V4RequestRules`), as Ideogram answers it with a 400.
    static let renderingSpeedV4 = EnumDomain(RenderingSpeed.allCases.map(\.rawValue))
    /// `RenderingSpeedV4` of generate-transparent: TURBO, DEFAULT, QUALITY only.
    static let transparentRenderingSpeedV4 = EnumDomain(["TURBO", "DEFAULT", "QUALITY"])
    static let resolutionV4 = EnumDomain(ResolutionCatalogV4.names)
    static let resolutionV4ImageToImage = EnumDomain(ResolutionCatalogV4.imageToImageNames)
    static let aspectRatioV4 = EnumDomain(ResolutionCatalogV4.aspectRatioNames)
    static let outputResolutionV4 = EnumDomain(ResolutionCatalogV4.outputResolutionNames)
}
