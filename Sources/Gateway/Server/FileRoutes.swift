import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves stored images at their signed links. A tampered link or an expired one is a 403.
struct FileRoutes {
    let images: any ImageStore
    let signer: URLSigner

    func register(on router: Router<GatewayContext>) {
        let images = self.images, signer = self.signer
        router.get("/files/:name") { request, context -> Response in
            let name = try context.parameters.require("name")
            guard name.hasSuffix(".png") else { throw GatewayError.fileNotFound }
            let id = String(name.dropLast(4))
            let query = request.uri.queryParameters
            let expires: Int64
            switch signer.verify(id: id, expires: query["exp"].map(String.init), signature: query["sig"].map(String.init)) {
            case .tampered: throw GatewayError(.forbidden, "invalid_signature", "This image link is not valid.")
            case .expired: throw GatewayError(.forbidden, "link_expired", "This image link has expired.")
            case .valid(let exp): expires = exp
            }
            let stored: ByteBuffer?
            do {
                stored = try await images.get(id: id)
            } catch {
                // The store (a bucket, a disk) failed, not the link: worth retrying, never a 500.
                context.logger.warning("image store read failed", metadata: ["image": "\(id)", "error": "\(error)"])
                throw GatewayError(.serviceUnavailable, "image_store_unavailable", "The image could not be read right now; try again.")
            }
            guard let bytes = stored else { throw GatewayError.fileNotFound }
            // The id names one immutable image, so the id itself is a strong validator.
            let etag = "\"\(id)\""
            let maxAge = max(0, expires - Int64(Date().timeIntervalSince1970))
            var headers: HTTPFields = [
                .contentType: "image/png",
                .eTag: etag,
                .cacheControl: "private, max-age=\(maxAge), immutable",
            ]
            if request.headers[.ifNoneMatch] == etag {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentLength] = String(bytes.readableBytes)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: bytes))
        }
    }
}

extension GatewayError {
    static let fileNotFound = GatewayError(.notFound, "file_not_found", "No such image.")
}
