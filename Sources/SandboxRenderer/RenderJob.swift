import NIOCore

/// Everything that determines one sandbox image. Equal jobs render byte-identical PNGs.
public struct RenderJob: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case generate, remix, edit, inpaint, reframe, upscale, replaceBackground, transparent
    }

    public var kind: Kind
    public var prompt: String
    /// 0…2147483647, as Ideogram's `seed`.
    public var seed: Int
    /// Exact output size in pixels.
    public var width: Int
    public var height: Int
    /// The input image for every kind except `generate` and `transparent`.
    public var source: ByteBuffer?
    /// For `edit` and `inpaint`: black marks what to change, white what to keep (Ideogram's convention).
    public var mask: ByteBuffer?
    public var styleReferences: [ByteBuffer]
    /// Remix only: 1…100, how much of the source survives.
    public var imageWeight: Int
    /// Ideogram style type (`REALISTIC`, `ANIME`, …); tints the palette.
    public var style: String?

    public init(
        kind: Kind = .generate,
        prompt: String,
        seed: Int = 0,
        width: Int = 1024,
        height: Int = 1024,
        source: ByteBuffer? = nil,
        mask: ByteBuffer? = nil,
        styleReferences: [ByteBuffer] = [],
        imageWeight: Int = 50,
        style: String? = nil
    ) {
        self.kind = kind
        self.prompt = prompt
        self.seed = seed
        self.width = width
        self.height = height
        self.source = source
        self.mask = mask
        self.styleReferences = styleReferences
        self.imageWeight = imageWeight
        self.style = style
    }
}
