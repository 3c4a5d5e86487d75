import NIOCore

/// A request body as the customer sent it, kept beside the decoded request so that relaying it
/// upstream can keep what the gateway had no reason to change: the order of multipart parts,
/// their header lines byte for byte (a file name stays exactly as the client encoded it), and
/// the text of every value the gateway did not normalise.
public enum ReceivedBody: Sendable {
    /// The JSON text, and the object it held before any field was normalised.
    case json(ByteBuffer, object: [String: JSONValue])
    /// The boundary and the parts a relay may forward, in the order they arrived. Parts the
    /// gateway ignores (unknown files, empty names, `dry_run`, a repeated single image) are not
    /// in here.
    case multipart(boundary: String, parts: [ReceivedPart])
}

/// One multipart part as received.
public struct ReceivedPart: Sendable {
    /// Where the part's value went in the decoded request.
    public enum Role: Sendable, Equatable {
        /// A non-file field: its current value is `IdeogramRequest.fields[name]`.
        case field
        /// A field beside the legacy `image_request` part: `IdeogramRequest.outerFields[name]`.
        case outerField
        /// The legacy `image_request` JSON part, whose members are `IdeogramRequest.fields`.
        case envelope
        /// A validated image.
        case file
    }

    public let name: String
    public let role: Role
    /// The header lines exactly as received, each ending in CRLF, without the blank line after them.
    public let headerBlock: ByteBuffer
    public let body: ByteBuffer

    public init(name: String, role: Role, headerBlock: ByteBuffer, body: ByteBuffer) {
        self.name = name
        self.role = role
        self.headerBlock = headerBlock
        self.body = body
    }
}

extension ReceivedPart {
    init(_ part: FormPart, role: Role) {
        self.init(name: part.name, role: role, headerBlock: part.headerBlock, body: part.body)
    }
}
