/// PNG reading and writing for the RGBA8 ``Raster``.
///
/// Decoding accepts every standard PNG (all colour types, bit depths, filters and Adam7
/// interlacing) and normalises it to RGBA8. Encoding writes either RGB or RGBA at 8 bits,
/// which is all a generated image ever needs.
public enum PNG {
    /// Decoding refuses images above this many pixels before allocating anything, so a
    /// tiny hostile file that claims a huge size cannot exhaust memory. A caller's own budget
    /// (`decode(_:maxPixels:)`) can only tighten it.
    public static let maxPixels = 64 * 1024 * 1024

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Chunk type codes as big-endian integers, so a chunk's type is one integer comparison.
    enum ChunkType {
        static let IHDR: UInt32 = 0x4948_4452
        static let PLTE: UInt32 = 0x504C_5445
        static let tRNS: UInt32 = 0x7452_4E53
        static let IDAT: UInt32 = 0x4944_4154
        static let IEND: UInt32 = 0x4945_4E44
    }

    /// The Adam7 passes: origin and step in x and y.
    static let adam7: [(x0: Int, y0: Int, dx: Int, dy: Int)] = [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
        (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ]

    /// True when `bytes` starts with the PNG signature; cheap enough to sniff uploads.
    public static func isPNG(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: signature)
    }
}
