import Foundation
import IdeogramAPI
import NIOCore

/// The customer's request for Ideogram, in the encoding Ideogram expects for the endpoint
/// (ideogram-api.md §1): JSON for legacy `/generate` (wrapped in `image_request`) and for a V3
/// request the customer sent as JSON; multipart otherwise.
///
/// A request decoded from a customer's body is relayed, not rebuilt (`IdeogramRequest+Relay`):
/// the parts in the customer's order with their header lines as received, each value as sent
/// unless the gateway normalised it, unknown fields and the fields beside `image_request` too.
/// Only a request the gateway composed itself (no `receivedBody`) is built here from its fields,
/// with arrays as repeated parts and `color_palette` / `image_request` as JSON-encoded parts.
public struct IdeogramRequestEncoder: Sendable {
    public struct Encoded: Sendable {
        public var contentType: String
        public var body: ByteBuffer
    }

    var boundary: String = "----ideogate-" + KeySecret.randomToken(length: 24)

    public init() {}

    public func encode(_ request: IdeogramRequest) -> Encoded {
        if request.operation == .generate || (request.sentAsJSON && request.allImages.isEmpty) {
            return Encoded(contentType: "application/json", body: request.upstreamJSON())
        }
        if let relayed = request.relayedMultipart(fallbackBoundary: boundary) {
            return framed(relayed.parts, boundary: relayed.boundary)
        }
        return multipart(request)
    }

    private func framed(_ parts: [UpstreamPart], boundary: String) -> Encoded {
        var body = ByteBuffer()
        for part in parts {
            body.writeString("--\(boundary)\r\n")
            body.writeImmutableBuffer(part.headerBlock)
            body.writeString("\r\n")
            body.writeImmutableBuffer(part.body)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return Encoded(contentType: "multipart/form-data; boundary=\(Self.boundaryParameter(boundary))", body: body)
    }

    /// The boundary as a Content-Type parameter: quoted when it holds characters a token cannot.
    static func boundaryParameter(_ boundary: String) -> String {
        let token = boundary.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
        return token ? boundary : "\"\(boundary.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
    }

    private func multipart(_ request: IdeogramRequest) -> Encoded {
        var body = ByteBuffer()
        if request.operation.wrapsImageRequest {
            part(&body, name: "image_request", contentType: "application/json", text: JSONValue.object(request.fields).formText)
        } else {
            // Sorted so the same request always encodes to the same bytes (tests, logs, caches).
            for (name, value) in request.fields.sorted(by: { $0.key < $1.key }) {
                switch value {
                case .array(let items):
                    for item in items { part(&body, name: name, contentType: nil, text: item.formText) }
                case .object:
                    part(&body, name: name, contentType: "application/json", text: value.formText)
                case .null:
                    continue
                default:
                    part(&body, name: name, contentType: nil, text: value.formText)
                }
            }
        }
        for image in request.allImages {
            let filename = image.filename ?? "\(image.field).\(image.header.format.fileExtension)"
            file(&body, name: image.field, filename: filename, contentType: image.header.format.mimeType, bytes: image.bytes)
        }
        body.writeString("--\(boundary)--\r\n")
        return Encoded(contentType: "multipart/form-data; boundary=\(boundary)", body: body)
    }

    private func part(_ body: inout ByteBuffer, name: String, contentType: String?, text: String) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n")
        if let contentType { body.writeString("Content-Type: \(contentType)\r\n") }
        body.writeString("\r\n\(text)\r\n")
    }

    private func file(_ body: inout ByteBuffer, name: String, filename: String, contentType: String, bytes: ByteBuffer) {
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\nContent-Type: \(contentType)\r\n\r\n")
        var copy = bytes
        body.writeBuffer(&copy)
        body.writeString("\r\n")
    }

    /// A name or file name inside a quoted header parameter, for the parts built here: quotes
    /// and line breaks would end the header early, so they are percent-encoded as the HTML
    /// standard's form encoding does (RFC 7578 §4.2). Relayed parts keep the customer's own text.
    static func quoted(_ s: String) -> String { UpstreamPart.quoted(s) }
}
