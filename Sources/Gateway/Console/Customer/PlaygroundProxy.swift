import Foundation
import HTTPTypes
import Hummingbird
import IdeogramAPI
import NIOCore

/// `/console/api/ideogram/<Ideogram path>`: the playground's calls, with the session instead of a
/// key. The handler checks the session and its CSRF header, puts the user's console key on the
/// request (server side; the browser never sees it) and hands it to the same `ImagePipeline` as
/// the public endpoints — so holds, settlements, usage rows and prices are exactly the API's.
/// It also notes each image's prompt and seed for the gallery.
struct PlaygroundProxy {
    let pipeline: ImagePipeline
    let viewer: ConsoleViewer.Loader
    let keyring: ConsoleKeyring
    let store: any AccountStore & ConsoleStore

    static let operations: [IdeogramAPI.Operation] = [.v3Generate, .v3Remix, .v3Edit, .upscale, .describe]

    func register(on group: RouterGroup<GatewayContext>) {
        for operation in Self.operations {
            group.post(RouterPath("api/ideogram" + operation.path)) { request, context in
                try await handle(operation, request: request, context: context)
            }
        }
    }

    func handle(_ operation: IdeogramAPI.Operation, request: Request, context: GatewayContext) async throws -> Response {
        guard let v = try await viewer.load(request) else {
            throw GatewayError(.unauthorized, "console_signed_out", "Your console session has ended. Sign in again.")
        }
        try CSRFGuard.check(header: request, session: v.session)
        let secret = try await keyring.secret(for: v.user)
        var head = request.head
        head.headerFields[.cookie] = nil
        head.headerFields[.authorization] = nil
        head.headerFields[HTTPField.Name("Api-Key")!] = secret
        let response = try await pipeline.handle(operation, request: Request(head: head, body: request.body), context: context)
        guard response.status == .ok else { return response }
        // Read the answer once to note prompts and seeds, then pass the same bytes on.
        let collector = BodyCollector()
        try await response.body.write(CollectingWriter(collector: collector))
        let bytes = collector.buffer
        await note(bytes, operation: operation, accountID: v.account.id)
        var headers = response.headers
        headers[.contentLength] = nil
        if let balance = try await store.account(id: v.account.id)?.balanceMicros {
            headers[HTTPField.Name("X-Ideogate-Balance")!] = Money.format(balance)
        }
        return Response(status: response.status, headers: headers, body: .init(byteBuffer: bytes))
    }

    func note(_ body: ByteBuffer, operation: IdeogramAPI.Operation, accountID: String) async {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let data = json["data"] as? [[String: Any]]
        else { return }
        let now = Date().millis
        let notes = data.compactMap { item -> ConsoleImageNote? in
            guard let url = item["url"] as? String, let id = Self.imageID(in: url) else { return nil }
            return ConsoleImageNote(
                imageID: id, accountID: accountID, operation: operation.rawValue, prompt: item["prompt"] as? String,
                seed: (item["seed"] as? NSNumber)?.int64Value, resolution: item["resolution"] as? String, createdAt: now)
        }
        // A lost note costs the gallery a caption, never the customer an image: errors are ignored.
        try? await store.recordConsoleImages(notes)
    }

    /// `img_…` from one of our signed links (`…/files/img_….png?exp=…`).
    static func imageID(in url: String) -> String? {
        guard let range = url.range(of: "/files/") else { return nil }
        let rest = url[range.upperBound...]
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        let id = String(rest[..<dot])
        return id.hasPrefix("img_") && id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? id : nil
    }
}

final class BodyCollector: @unchecked Sendable {
    var buffer = ByteBuffer()
}

struct CollectingWriter: ResponseBodyWriter {
    let collector: BodyCollector

    mutating func write(_ buffer: ByteBuffer) async throws {
        var b = buffer
        collector.buffer.writeBuffer(&b)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
