import HTTPTypes
import Crypto
import Foundation
import Hummingbird
import NIOCore

/// `/console/assets/console.css` and `console.js`: the files beside this one (`console.css`, the
/// only stylesheet — system fonts, no external resources; `console.js`, the only script — served
/// as a file, never inline, so the pages can forbid inline script by CSP). SwiftPM compiles them
/// into the binary, so the console works offline and from a single file. Each carries an ETag of
/// its content.
struct ConsoleAssetRoutes {
    func register(on group: RouterGroup<GatewayContext>) {
        for (name, type, bytes) in [
            ("console.css", "text/css; charset=utf-8", PackageResources.console_css),
            ("console.js", "text/javascript; charset=utf-8", PackageResources.console_js),
        ] {
            let etag = "\"" + Array(SHA256.hash(data: bytes)).prefix(12).hexString + "\""
            let body = ByteBuffer(bytes: bytes)
            group.get(RouterPath("assets/" + name)) { request, _ in
                var headers: HTTPFields = [.contentType: type, .eTag: etag, .cacheControl: "public, max-age=300"]
                headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
                if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            }
        }
    }
}
