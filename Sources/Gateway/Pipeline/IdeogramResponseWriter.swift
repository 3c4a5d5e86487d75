import Hummingbird
import IdeogramAPI

/// Ideogram-shaped success bodies, encoded by the wire contract's own encoder so that `created`
/// and the key names are exactly Ideogram's.
enum IdeogramResponseWriter {
    static func response(_ body: ImageGenerationResponse) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: IdeogramJSON.encode(body)))
    }
}
