import MultipartKit
import NIOCore

/// Splits a multipart/form-data body into parts with MultipartKit's streaming parser.
///
/// The parser alone accepts a body that simply stops (it waits for more bytes), so completeness
/// is checked here: every part must end at a boundary and the closing `--boundary--` must be
/// present. A truncated upload must never be forwarded as if it were the whole image.
enum MultipartBodyReader {
    static func read(_ body: ByteBuffer, boundary: String) throws(IdeogramError) -> [FormPart] {
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { chunk in collector.body(&chunk) }
        parser.onPartComplete = { collector.complete() }
        do {
            try parser.execute(body)
        } catch {
            throw .invalidMultipart("The multipart body is malformed.")
        }
        guard !collector.isPartOpen, containsCloseDelimiter(body, boundary: boundary) else {
            throw .invalidMultipart("The multipart body is truncated or its boundary does not match Content-Type.")
        }
        return try collector.parts.map { raw throws(IdeogramError) in try formPart(raw) }
    }

    private static func formPart(_ raw: Collector.RawPart) throws(IdeogramError) -> FormPart {
        guard let disposition = raw.header("content-disposition") else {
            throw .invalidMultipart("Every part needs a Content-Disposition header.")
        }
        let parameters = HeaderParameters(disposition)
        guard let name = parameters["name"], !name.isEmpty else {
            throw .invalidMultipart("Every part needs a Content-Disposition name.")
        }
        return FormPart(name: name, filename: parameters["filename"], contentType: raw.header("content-type"), body: raw.body)
    }

    private static func containsCloseDelimiter(_ body: ByteBuffer, boundary: String) -> Bool {
        let needle = Array("--\(boundary)--".utf8)
        let haystack = body.readableBytesView
        guard haystack.count >= needle.count else { return false }
        // The close delimiter ends the body (at most an epilogue follows), so search backwards.
        var start = haystack.endIndex - needle.count
        while start >= haystack.startIndex {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            start -= 1
        }
        return false
    }

    /// Accumulates the parser's callbacks into whole parts.
    private final class Collector {
        struct RawPart {
            var headers: [(String, String)] = []
            var body = ByteBuffer()

            func header(_ name: String) -> String? {
                headers.first { $0.0.lowercased() == name }?.1
            }
        }

        private(set) var parts: [RawPart] = []
        private var current: RawPart?

        var isPartOpen: Bool { current != nil }

        func header(_ name: String, _ value: String) {
            if current == nil { current = RawPart() }
            current?.headers.append((name, value))
        }

        func body(_ chunk: inout ByteBuffer) {
            if current == nil { current = RawPart() }
            current?.body.writeBuffer(&chunk)
        }

        func complete() {
            parts.append(current ?? RawPart())
            current = nil
        }
    }
}
