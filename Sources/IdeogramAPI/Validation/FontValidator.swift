import NIOCore

/// Checks layerize-text's `font_candidate_files`: "Supported formats .ttf, .otf, .woff, .woff2
/// (max 5MB each, maximum 5 files)". The type is decided by the file's first four bytes (the
/// sfnt version or WOFF signature), never by its name, as images are.
struct FontValidator {
    static let maxFiles = 5
    static let maxFontBytes = 5 * 1024 * 1024
    /// TrueType (0x00010000 and Apple's `true`), OpenType CFF (`OTTO`), WOFF and WOFF2.
    static let signatures: [[UInt8]] = [[0x00, 0x01, 0x00, 0x00], Array("true".utf8), Array("OTTO".utf8), Array("wOFF".utf8), Array("wOF2".utf8)]

    func fonts(_ parts: [FormPart], field: String) throws(IdeogramError) -> [FontInput] {
        guard parts.count <= Self.maxFiles else {
            throw .badRequest(IdeogramError.Code.tooManyFiles, "'\(field)' takes at most \(Self.maxFiles) files (got \(parts.count)).")
        }
        var fonts: [FontInput] = []
        for part in parts {
            let size = part.body.readableBytes
            guard size > 0 else { throw .badRequest(IdeogramError.Code.emptyFile, "'\(field)' holds an empty file.") }
            guard size <= Self.maxFontBytes else {
                throw .badRequest(
                    IdeogramError.Code.fileTooLarge, "A '\(field)' file is \(size) bytes; the limit is \(Self.maxFontBytes) bytes per font.")
            }
            let head = part.body.getBytes(at: part.body.readerIndex, length: min(4, size)) ?? []
            guard Self.signatures.contains(head) else {
                throw .badRequest(IdeogramError.Code.unsupportedFontType, "A '\(field)' file is not a TTF, OTF, WOFF or WOFF2 font.")
            }
            fonts.append(FontInput(filename: part.filename, bytes: part.body))
        }
        return fonts
    }
}

/// A validated font upload (layerize-text's `font_candidate_files`).
public struct FontInput: Sendable {
    /// The client's file name, if it sent one; the sandbox reports it as the matched font.
    public let filename: String?
    public let bytes: ByteBuffer

    public init(filename: String?, bytes: ByteBuffer) {
        self.filename = filename
        self.bytes = bytes
    }
}
