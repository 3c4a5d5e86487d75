import Foundation
import NIOCore

/// Splits a multipart/form-data body (RFC 7578, framed as RFC 2046 §5.1.1 says) into parts.
///
/// Written for hostile input: one forward pass over the body (boundaries found by `ByteSearch`,
/// linear whatever the bytes), no trap on any byte sequence, and limits from `InputLimits` on
/// the number of parts and on each part's header block, checked as the parser reaches them so an
/// oversized body is refused before the rest of it is read. Every violation is a 400.
///
/// Framing: a preamble before the first boundary and an epilogue after the closing one are
/// ignored; transport padding (spaces, tabs) may follow a boundary; the closing `--boundary--`
/// must be present, so a truncated upload is never mistaken for a complete one. A boundary
/// followed by anything else is refused rather than read as data: the parts are relayed
/// upstream, and an ambiguous frame could be read differently there.
///
/// Headers: `Name: value` lines ending in CRLF, names case-insensitive. Obsolete line folding,
/// control characters and names that are not HTTP tokens are refused; a value that is not
/// UTF-8 is read as ISO-8859-1 (every byte a character), as HTTP's history allows.
struct MultipartParser {
    let boundary: [UInt8]
    let limits: InputLimits

    init(boundary: String, limits: InputLimits) {
        self.boundary = Array(boundary.utf8)
        self.limits = limits
    }

    func parse(_ body: ByteBuffer) throws(IdeogramError) -> [FormPart] {
        let scanned = body.withUnsafeReadableBytes { bytes in
            Result { () throws(IdeogramError) -> [ScannedPart] in try scan(bytes) }
        }
        let layouts = try scanned.get()
        var parts: [FormPart] = []
        parts.reserveCapacity(layouts.count)
        for layout in layouts {
            parts.append(try layout.formPart(in: body))
        }
        return parts
    }

    // MARK: Framing

    /// Where one part's headers and body lie, as offsets into the readable bytes.
    struct ScannedPart {
        var headers: [HeaderLine]
        var headerBlock: Range<Int>
        var body: Range<Int>
    }

    struct HeaderLine {
        /// Lower-cased, so lookups are case-insensitive.
        var name: String
        var value: String
    }

    private static let dash = UInt8(ascii: "-")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private func scan(_ bytes: UnsafeRawBufferPointer) throws(IdeogramError) -> [ScannedPart] {
        guard !boundary.isEmpty else { throw .invalidMultipart("multipart/form-data requires a boundary parameter in Content-Type.") }
        let dashBoundary = [Self.dash, Self.dash] + boundary
        let delimiter = ByteSearch([Self.cr, Self.lf] + dashBoundary)

        // The first boundary opens the body, or ends a preamble on a line of its own.
        var position: Int
        if Self.bytes(bytes, at: 0, equal: dashBoundary) {
            position = dashBoundary.count
        } else if let match = delimiter.firstMatch(in: bytes, from: 0) {
            position = match + delimiter.needle.count
        } else {
            throw Self.truncated
        }

        var parts: [ScannedPart] = []
        while true {
            // `position` is just past a boundary: `--` closes the body (the epilogue is ignored).
            if Self.bytes(bytes, at: position, equal: [Self.dash, Self.dash]) { return parts }
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
                position += 1
            }
            guard Self.bytes(bytes, at: position, equal: [Self.cr, Self.lf]) else {
                if position >= bytes.count { throw Self.truncated }
                throw .invalidMultipart("A boundary line in the multipart body has trailing characters; the boundary may occur inside a part.")
            }
            position += 2

            guard parts.count < limits.maxParts else {
                throw .badRequest(
                    IdeogramError.Code.tooManyParts,
                    "The multipart body has more than \(limits.maxParts) parts."
                )
            }
            guard let end = delimiter.firstMatch(in: bytes, from: position) else { throw Self.truncated }
            parts.append(try scanPart(bytes, from: position, to: end))
            position = end + delimiter.needle.count
        }
    }

    private static let truncated = IdeogramError.invalidMultipart(
        "The multipart body is truncated or its boundary does not match Content-Type."
    )

    private static func bytes(_ bytes: UnsafeRawBufferPointer, at offset: Int, equal expected: [UInt8]) -> Bool {
        guard offset >= 0, expected.count <= bytes.count - offset else { return false }
        for (index, byte) in expected.enumerated() where bytes[offset + index] != byte { return false }
        return true
    }

    // MARK: Headers

    /// One part's content, `start..<end`: header lines, a blank line, the body. A part whose
    /// header lines run to the very end has an empty body (the blank line is optional there).
    private func scanPart(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) throws(IdeogramError) -> ScannedPart {
        let headerLimit = min(end, start + min(limits.maxPartHeaderBytes, end - start))
        let lineEnd = ByteSearch([Self.cr, Self.lf])
        var headers: [HeaderLine] = []
        var lineStart = start
        while lineStart < end {
            guard let crlf = lineEnd.firstMatch(in: bytes, from: lineStart, to: headerLimit) else {
                if headerLimit < end {
                    throw .badRequest(
                        IdeogramError.Code.partHeadersTooLarge,
                        "A multipart part's headers exceed \(limits.maxPartHeaderBytes) bytes."
                    )
                }
                throw .invalidMultipart("A multipart part's headers do not end with a blank line.")
            }
            if crlf == lineStart {
                return ScannedPart(headers: headers, headerBlock: start..<lineStart, body: (crlf + 2)..<end)
            }
            guard headers.count < limits.maxHeadersPerPart else {
                throw .badRequest(
                    IdeogramError.Code.partHeadersTooLarge,
                    "A multipart part has more than \(limits.maxHeadersPerPart) header lines."
                )
            }
            headers.append(try Self.headerLine(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<crlf])))
            lineStart = crlf + 2
        }
        return ScannedPart(headers: headers, headerBlock: start..<end, body: end..<end)
    }

    private static func headerLine(_ line: UnsafeRawBufferPointer) throws(IdeogramError) -> HeaderLine {
        guard let first = line.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
            throw .invalidMultipart("Folded (continued) header lines are not supported in multipart parts.")
        }
        guard !line.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else {
            throw .invalidMultipart("A multipart part header contains a control character.")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            throw .invalidMultipart("A multipart part header line is not 'Name: value'.")
        }
        let name = line[..<colon]
        guard name.allSatisfy(isTokenByte) else {
            throw .invalidMultipart("A multipart part header name is not a valid token.")
        }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == 0x20 || byte == 0x09 { value = value.dropFirst() }
        while let byte = value.last, byte == 0x20 || byte == 0x09 { value = value.dropLast() }
        return HeaderLine(
            name: String(decoding: name, as: UTF8.self).lowercased(),
            value: String(validating: value, as: UTF8.self) ?? String(value.map { Character(Unicode.Scalar($0)) })
        )
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

extension MultipartParser.ScannedPart {
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    func formPart(in body: ByteBuffer) throws(IdeogramError) -> FormPart {
        guard let disposition = header("content-disposition") else {
            throw .invalidMultipart("Every part needs a Content-Disposition header.")
        }
        // The part's headers are relayed upstream as received; a second disposition or a
        // repeated parameter could name a different field there than the one validated here.
        guard headers.count(where: { $0.name == "content-disposition" }) == 1 else {
            throw .invalidMultipart("A multipart part has more than one Content-Disposition header.")
        }
        let parameters = HeaderParameters(disposition)
        if let repeated = parameters.repeatedKey {
            throw .invalidMultipart("A Content-Disposition header repeats its '\(repeated)' parameter.")
        }
        guard let name = parameters["name"] else {
            throw .invalidMultipart("Every part needs a Content-Disposition name.")
        }
        let start = body.readerIndex
        return FormPart(
            name: name,
            filename: parameters["filename"],
            contentType: header("content-type"),
            body: body.getSlice(at: start + self.body.lowerBound, length: self.body.count) ?? ByteBuffer(),
            headerBlock: body.getSlice(at: start + headerBlock.lowerBound, length: headerBlock.count) ?? ByteBuffer()
        )
    }
}
