/// A multipart/form-data body for seeds and harnesses, laid out as curl does.
public struct FuzzMultipart: Sendable {
    public let boundary: String
    private var bytes: [UInt8] = []

    public init(boundary: String) {
        self.boundary = boundary
    }

    public mutating func field(_ name: String, _ value: String) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    public mutating func file(_ name: String, _ data: [UInt8], type: String = "image/png") {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name).png\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
        bytes += data
        bytes += Array("\r\n".utf8)
    }

    public func finished() -> [UInt8] {
        bytes + Array("--\(boundary)--\r\n".utf8)
    }
}
