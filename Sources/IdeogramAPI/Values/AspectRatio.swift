/// An aspect ratio with its spellings in both API families and the size Ideogram renders for it
/// when no explicit resolution is given (ideogram-api.md §7, from Ideogram's own table).
struct AspectRatio: Sendable, Hashable {
    let width: Int
    let height: Int
    /// Size for V_1 / V_1_TURBO; nil where 1.0 has no such ratio (1:2, 4:5, 5:4, 2:1).
    let v1Default: Resolution?
    /// Size for V_2 and later models, Ideogram 3.0 included.
    let v2Default: Resolution

    /// `"16x9"`, the V3 `AspectRatioV3` value.
    var v3Name: String { "\(width)x\(height)" }

    /// `"ASPECT_16_9"`, the legacy `AspectRatio` value; nil for ratios the legacy enum lacks.
    var legacyName: String? { v1Default == nil ? nil : "ASPECT_\(width)_\(height)" }

    private init(_ width: Int, _ height: Int, v1: (Int, Int)?, v2: (Int, Int)) {
        self.width = width
        self.height = height
        self.v1Default = v1.map { Resolution(width: $0.0, height: $0.1) }
        self.v2Default = Resolution(width: v2.0, height: v2.1)
    }

    static let square = AspectRatio(1, 1, v1: (1024, 1024), v2: (1024, 1024))

    /// In the order of the spec's `AspectRatioV3` enum.
    static let all: [AspectRatio] = [
        AspectRatio(1, 3, v1: (512, 1536), v2: (512, 1536)),
        AspectRatio(3, 1, v1: (1536, 512), v2: (1536, 512)),
        AspectRatio(1, 2, v1: nil, v2: (704, 1408)),
        AspectRatio(2, 1, v1: nil, v2: (1408, 704)),
        AspectRatio(9, 16, v1: (720, 1280), v2: (736, 1312)),
        AspectRatio(16, 9, v1: (1280, 720), v2: (1312, 736)),
        AspectRatio(10, 16, v1: (768, 1232), v2: (800, 1280)),
        AspectRatio(16, 10, v1: (1232, 768), v2: (1280, 800)),
        AspectRatio(2, 3, v1: (768, 1152), v2: (832, 1248)),
        AspectRatio(3, 2, v1: (1152, 768), v2: (1248, 832)),
        AspectRatio(3, 4, v1: (768, 1024), v2: (864, 1152)),
        AspectRatio(4, 3, v1: (1024, 768), v2: (1152, 864)),
        AspectRatio(4, 5, v1: nil, v2: (896, 1120)),
        AspectRatio(5, 4, v1: nil, v2: (1120, 896)),
        square,
    ]

    static func v3(named name: String) -> AspectRatio? {
        all.first { $0.v3Name == name }
    }

    static func legacy(named name: String) -> AspectRatio? {
        all.first { $0.legacyName == name }
    }
}
