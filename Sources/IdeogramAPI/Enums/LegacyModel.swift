/// The legacy `model` field (`ModelEnum`). Case names keep Ideogram's spelling so code reads like
/// the wire format. `V_2a`/`V_2a_TURBO`, the spec's spelling from Dec 2024 to Jan 2025, are
/// accepted by the decoder and normalised to `V_2A`/`V_2A_TURBO`.
public enum LegacyModel: String, Sendable, CaseIterable, Codable {
    case V_1
    case V_1_TURBO
    case V_2
    case V_2_TURBO
    case V_2A
    case V_2A_TURBO
    case V_3
    case AUTO

    /// The spec's default where `model` is optional.
    public static let defaultModel = LegacyModel.V_2

    /// Accepts any letter case, so also the old `V_2a` spelling.
    public init?(spelling: String) {
        guard let model = LegacyModel(rawValue: spelling.uppercased()) else { return nil }
        self = model
    }

    /// 1.0 models: no `style_type`, and the 1.0 column of the default-size table.
    public var isV1: Bool { self == .V_1 || self == .V_1_TURBO }

    /// 2a models: no `negative_prompt`, no `color_palette` (spec text).
    public var isV2A: Bool { self == .V_2A || self == .V_2A_TURBO }

    /// Legacy `/edit` is "only supported for V_2 and V_2_TURBO" (spec text).
    public var supportsLegacyEdit: Bool { self == .V_2 || self == .V_2_TURBO }
}
