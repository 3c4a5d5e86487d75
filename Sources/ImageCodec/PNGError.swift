/// Why a byte string could not be decoded as a PNG. Decoding never traps on bad input;
/// every malformed file ends in one of these.
public enum PNGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The eight-byte PNG signature is missing.
    case notPNG
    /// A chunk runs past the end of the data.
    case truncated
    /// The first chunk is not a well-formed IHDR.
    case missingHeader
    /// IHDR holds a combination PNG does not allow (zero size, bad bit depth for the colour type, unknown method).
    case invalidHeader(String)
    /// More pixels than the decoder agrees to allocate.
    case tooLarge(width: Int, height: Int)
    /// An indexed-colour image without a usable PLTE chunk.
    case missingPalette
    /// No IDAT chunk before IEND.
    case missingImageData
    /// The zlib stream inside IDAT is damaged.
    case corruptImageData
    /// The zlib stream ended before every scanline was complete.
    case imageDataTooShort(expected: Int, actual: Int)
    /// A scanline starts with a filter type other than 0…4.
    case invalidFilter(UInt8)

    public var description: String {
        switch self {
        case .notPNG: "not a PNG file (bad signature)"
        case .truncated: "PNG data is truncated"
        case .missingHeader: "PNG is missing its IHDR header"
        case .invalidHeader(let why): "invalid PNG header: \(why)"
        case .tooLarge(let w, let h): "PNG of \(w)×\(h) exceeds the \(PNG.maxPixels)-pixel limit"
        case .missingPalette: "indexed PNG has no palette"
        case .missingImageData: "PNG has no image data"
        case .corruptImageData: "PNG image data is corrupt"
        case .imageDataTooShort(let e, let a): "PNG image data too short: \(a) of \(e) bytes"
        case .invalidFilter(let f): "invalid PNG scanline filter \(f)"
        }
    }
}
