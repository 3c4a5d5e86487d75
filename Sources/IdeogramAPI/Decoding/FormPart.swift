import Foundation
import NIOCore

/// One part of a multipart/form-data body.
struct FormPart {
    /// The Content-Disposition `name`; may be empty (such a part is ignored, like any unknown field).
    let name: String
    let filename: String?
    let contentType: String?
    let body: ByteBuffer
    /// The part's header lines exactly as received, each ending in CRLF, without the blank line
    /// that ends them: relaying them byte for byte keeps a file name exactly as the client
    /// encoded it.
    var headerBlock = ByteBuffer()

    /// The part as text; nil when it is not valid UTF-8.
    var text: String? {
        String(bytes: body.readableBytesView, encoding: .utf8)
    }
}
