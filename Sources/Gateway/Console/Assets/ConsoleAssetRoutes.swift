import HTTPTypes
import Crypto
import Foundation
import Hummingbird
import NIOCore

/// `/console/assets/console.css` and `console.js`, embedded in the binary so the console works
/// offline and from a single file. Each carries an ETag of its content.
struct ConsoleAssetRoutes {
    func register(on group: RouterGroup<GatewayContext>) {
        for (name, type, text) in [
            ("console.css", "text/css; charset=utf-8", ConsoleStylesheet.css),
            ("console.js", "text/javascript; charset=utf-8", ConsoleScript.js),
        ] {
            let etag = "\"" + Array(SHA256.hash(data: Data(text.utf8))).prefix(12).hexString + "\""
            group.get(RouterPath("assets/" + name)) { request, _ in
                var headers: HTTPFields = [.contentType: type, .eTag: etag, .cacheControl: "public, max-age=300"]
                headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
                if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
    }
}
