import Foundation
import NIOCore

/// One part of a multipart/form-data body.
struct FormPart {
    let name: String
    let filename: String?
    let contentType: String?
    let body: ByteBuffer

    /// The part as text; nil when it is not valid UTF-8.
    var text: String? {
        String(bytes: body.readableBytesView, encoding: .utf8)
    }
}
