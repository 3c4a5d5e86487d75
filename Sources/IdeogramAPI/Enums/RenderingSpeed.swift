/// Ideogram 3.0 `rendering_speed`. The spec lists all five; the public docs hide `BALANCED`, the
/// original name of the middle tier, which clients such as ComfyUI and fal still send.
public enum RenderingSpeed: String, Sendable, CaseIterable, Codable {
    case flash = "FLASH"
    case turbo = "TURBO"
    case balanced = "BALANCED"
    case `default` = "DEFAULT"
    case quality = "QUALITY"

    /// The tier this speed is priced and routed as: `BALANCED` is an alias of `DEFAULT`.
    public var tier: RenderingSpeed { self == .balanced ? .default : self }
}
