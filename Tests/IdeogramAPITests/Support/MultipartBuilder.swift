import NIOCore

/// Builds multipart/form-data bodies by hand, the way `requests`/curl lay them out.
struct MultipartBuilder {
    let boundary: String
    private var bytes: [UInt8] = []

    init(boundary: String = "----ideogate-test-boundary") {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    func field(_ name: String, _ value: String) -> MultipartBuilder {
        var copy = self
        copy.bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        return copy
    }

    func file(_ name: String, _ data: ByteBuffer, filename: String = "upload.bin", type: String = "application/octet-stream") -> MultipartBuilder {
        var copy = self
        copy.bytes += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n".utf8
        )
        copy.bytes += Array(data.readableBytesView)
        copy.bytes += Array("\r\n".utf8)
        return copy
    }

    /// The finished body, closed with `--boundary--`.
    func build() -> ByteBuffer {
        ByteBuffer(bytes: bytes + Array("--\(boundary)--\r\n".utf8))
    }

    /// The body without its closing delimiter, optionally cut shorter still.
    func buildTruncated(droppingLast count: Int = 0) -> ByteBuffer {
        ByteBuffer(bytes: bytes.dropLast(count))
    }
}
