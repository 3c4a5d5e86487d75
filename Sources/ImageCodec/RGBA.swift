/// One 8-bit-per-channel colour with straight (not premultiplied) alpha.
public struct RGBA: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public var a: UInt8

    public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    public static let black = RGBA(r: 0, g: 0, b: 0)
    public static let white = RGBA(r: 255, g: 255, b: 255)
    public static let clear = RGBA(r: 0, g: 0, b: 0, a: 0)

    /// Rec. 601 luma, the weighting masks and thresholds are usually specified in.
    public var luminance: Int {
        (299 * Int(r) + 587 * Int(g) + 114 * Int(b)) / 1000
    }

    /// Lower-case `#rrggbb`, alpha omitted.
    public var hex: String {
        let digits: [Character] = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            s.append(digits[Int(v >> 4)])
            s.append(digits[Int(v & 0x0f)])
        }
        return s
    }
}
