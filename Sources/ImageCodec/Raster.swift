/// An RGBA8 image held in memory, row-major, four bytes per pixel, no row padding.
///
/// A plain value so renderers can pass it between tasks freely; the pixel array is
/// copy-on-write, so handing one around costs nothing until someone writes.
public struct Raster: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    /// - Precondition: `pixels.count == width * height * 4`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "negative raster size")
        precondition(Self.byteCount(width: width, height: height) == pixels.count, "pixel count does not match size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// - Precondition: the size is non-negative and its byte count fits in an `Int`.
    public init(width: Int, height: Int, fill: RGBA = .clear) {
        guard let bytes = Self.byteCount(width: width, height: height) else {
            preconditionFailure("raster size \(width)x\(height) is negative or too large")
        }
        self.width = width
        self.height = height
        let count = bytes / 4
        self.pixels = [UInt8](unsafeUninitializedCapacity: bytes) { buffer, initialized in
            for i in 0..<count {
                buffer[i &* 4] = fill.r
                buffer[i &* 4 &+ 1] = fill.g
                buffer[i &* 4 &+ 2] = fill.b
                buffer[i &* 4 &+ 3] = fill.a
            }
            initialized = bytes
        }
    }

    /// Bytes an RGBA8 raster of this size holds; nil for a negative size or one that overflows.
    /// Check a size that came from outside with this before creating a raster of it.
    public static func byteCount(width: Int, height: Int) -> Int? {
        SizeArithmetic.product(width, height, 4)
    }

    /// Exact: the initialisers guarantee `width × height × 4` fits in an `Int`.
    public var pixelCount: Int { width &* height }

    public subscript(x: Int, y: Int) -> RGBA {
        get { pixel(x: x, y: y) }
        set { setPixel(x: x, y: y, newValue) }
    }

    public func pixel(x: Int, y: Int) -> RGBA {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel out of bounds")
        let i = (y * width + x) * 4
        return RGBA(r: pixels[i], g: pixels[i + 1], b: pixels[i + 2], a: pixels[i + 3])
    }

    public mutating func setPixel(x: Int, y: Int, _ color: RGBA) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel out of bounds")
        let i = (y * width + x) * 4
        pixels[i] = color.r
        pixels[i + 1] = color.g
        pixels[i + 2] = color.b
        pixels[i + 3] = color.a
    }

    /// True when every pixel has alpha 255, i.e. the image can be stored without an alpha channel.
    public var isOpaque: Bool {
        pixels.withUnsafeBufferPointer { p in
            var i = 3
            while i < p.count {
                if p[i] != 255 { return false }
                i &+= 4
            }
            return true
        }
    }

    /// Mean colour over all pixels (alpha averaged too); clear for an empty raster.
    public var meanColor: RGBA {
        let count = pixelCount
        guard count > 0 else { return .clear }
        var sums: (Int, Int, Int, Int) = (0, 0, 0, 0)
        pixels.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                sums.0 &+= Int(p[i])
                sums.1 &+= Int(p[i &+ 1])
                sums.2 &+= Int(p[i &+ 2])
                sums.3 &+= Int(p[i &+ 3])
                i &+= 4
            }
        }
        return RGBA(
            r: UInt8(sums.0 / count), g: UInt8(sums.1 / count),
            b: UInt8(sums.2 / count), a: UInt8(sums.3 / count))
    }
}
