/// The /v2 routes spell their enums in lower case (`magic_prompt: auto`, `rendering_speed: turbo`,
/// `style_type: realistic`); the canonical value sent upstream is that spelling.
extension EnumDomain {
    static let v2MagicPrompt = EnumDomain(["auto", "on", "off"])
    /// Ideogram 4.5 `quality`.
    static let v2Quality = EnumDomain(["very_low", "low", "medium", "high"])
    /// `/v2/image/generate/ideogram-4` and `-3`: `BALANCED` has no /v2 spelling, but clients that
    /// learned it on /v1 send it, and it is the same tier as `default`.
    static let v2RenderingSpeed = EnumDomain(["turbo", "default", "quality"], aliases: ["BALANCED": "default"])
    /// `ResolutionV4`: the 38 presets of the 2026-10 spec.
    static let v2ResolutionV4 = EnumDomain(ResolutionCatalog.v4Names)
    static let v2ResolutionV3 = EnumDomain(ResolutionCatalog.v3Names)
    static let v2AspectRatioV3 = EnumDomain(["auto"] + AspectRatio.all.map(\.v3Name))
    static let v2StyleTypeV3 = EnumDomain(["auto", "general", "realistic", "design", "custom", "fiction", "stylized"])
    static let v2StylePresetV3 = EnumDomain(StylePresetCatalog.names.map { $0.lowercased() })
}

extension ResolutionCatalog {
    /// `ResolutionV4` of the 2026-10 spec, in its order.
    static let v4Names: [String] = [
        "2048x2048", "1440x2880", "2880x1440", "1664x2496", "2496x1664", "1792x2240", "2240x1792", "1440x2560",
        "2560x1440", "1600x2560", "2560x1600", "1728x2304", "2304x1728", "1296x3168", "3168x1296", "1152x2944",
        "2944x1152", "1248x3328", "3328x1248", "1280x3072", "3072x1280", "1024x3072", "3072x1024", "1024x1024",
        "896x1120", "1120x896", "864x1152", "1152x864", "832x1248", "1248x832", "800x1280", "1280x800",
        "720x1280", "1280x720", "720x1440", "1440x720", "512x1536", "1536x512",
    ]
}
