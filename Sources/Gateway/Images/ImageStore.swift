import NIOCore

/// Where delivered images live. Local disk is the default; object storage can stand in.
public protocol ImageStore: Sendable {
    func put(id: String, bytes: ByteBuffer, contentType: String) async throws
    func get(id: String) async throws -> ByteBuffer?
}
