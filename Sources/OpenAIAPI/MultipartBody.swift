import NIOCore

/// Writes a multipart/form-data body, for native calls built from OpenAI requests.
public struct MultipartBody: Sendable {
    /// Fixed rather than random so that the same OpenAI request always yields the same native
    /// body (Idempotency-Key compares bodies); 40 random-looking characters cannot plausibly
    /// occur inside an uploaded image by accident, and a form that contains them on purpose is
    /// refused (`containsBoundary`).
    public static let boundary = "ideogate-openai-4f9c2b7e1a6d8305c9e1b2a7d4f6"
    public let boundary = MultipartBody.boundary
    public private(set) var buffer = ByteBuffer()

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public init() {}

    public mutating func add(_ name: String, _ value: String) {
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    public mutating func addFile(_ name: String, filename: String, contentType: String, bytes: ByteBuffer) {
        buffer.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n")
        var copy = bytes
        buffer.writeBuffer(&copy)
        buffer.writeString("\r\n")
    }

    /// True when `bytes` contain the boundary, which would let them end a part of ours early.
    public static func containsBoundary(_ bytes: ByteBuffer) -> Bool {
        let needle = Array(boundary.utf8)
        let view = bytes.readableBytesView
        guard view.count >= needle.count, let first = needle.first else { return false }
        var index = view.startIndex
        let last = view.endIndex - needle.count
        while index <= last {
            if view[index] == first, view[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// The body with its closing delimiter.
    public func finished() -> ByteBuffer {
        var out = buffer
        out.writeString("--\(boundary)--\r\n")
        return out
    }
}
