import NIOCore

/// Builds multipart/form-data bodies the way HTTP clients send them.
struct MultipartForm {
    let boundary = "----ideogate-test-boundary-7MA4YWxkTrZu0gW"
    private(set) var body = ByteBuffer()

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    init() {}

    init(_ fields: [(String, String)]) {
        for (name, value) in fields { add(name, value) }
    }

    mutating func add(_ name: String, _ value: String) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    mutating func addFile(_ name: String, filename: String = "image.png", contentType: String = "image/png", bytes: ByteBuffer) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n")
        var copy = bytes
        body.writeBuffer(&copy)
        body.writeString("\r\n")
    }

    /// The closing boundary is added on read so the form can keep growing until it is sent.
    var finished: MultipartForm {
        var copy = self
        copy.body.writeString("--\(boundary)--\r\n")
        return copy
    }
}

