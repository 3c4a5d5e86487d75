import AsyncHTTPClient
import Foundation
import ImageCodec
import NIOCore

/// Downloads an image an upstream returned as a link, so the customer gets a link of ours that
/// outlives the upstream's (Ideogram's expire after 24 hours).
///
/// Only hosts the channel allows are contacted: a compromised or misconfigured upstream must not
/// be able to make the gateway fetch arbitrary addresses (its own admin API, cloud metadata).
struct ImageRehoster: Sendable {
    let clients: HTTPClientPool
    let maxBytes: Int
    let connectTimeoutMillis: Int64
    let readTimeoutMillis: Int64

    enum Failure: Error, Equatable {
        case hostNotAllowed
        case http(Int)
        case tooLarge
        case notAnImage
        case transport
    }

    struct Downloaded: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    func download(_ link: String, allowedHosts: [String]) async -> Result<Downloaded, Failure> {
        guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host?.lowercased(), allowedHosts.contains(where: { $0.lowercased() == host }) else {
            return .failure(.hostNotAllowed)
        }
        do {
            let client = try await clients.client(connectMillis: connectTimeoutMillis, readMillis: readTimeoutMillis)
            let response = try await client.execute(HTTPClientRequest(url: link), timeout: .milliseconds(readTimeoutMillis * 2))
            guard response.status == .ok else { return .failure(.http(Int(response.status.code))) }
            let bytes = try await response.body.collect(upTo: maxBytes)
            // The type comes from the bytes, as for uploads: a header can lie, an HTML error page
            // served with 200 must not become a customer's image.
            guard let header = ImageHeader.read(bytes) else { return .failure(.notAnImage) }
            return .success(Downloaded(bytes: bytes, contentType: header.format.mimeType))
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge)
        } catch {
            return .failure(.transport)
        }
    }
}
