import Foundation
import IdeogramAPI
import NIOCore

/// Rebuilds the customer's request for Ideogram, field for field, in the encoding Ideogram expects
/// for the endpoint (ideogram-api.md §1): JSON for legacy `/generate` (wrapped in `image_request`)
/// and for a V3 request the customer sent as JSON; multipart otherwise, with arrays as repeated
/// parts and `color_palette` / legacy `image_request` as JSON-encoded parts.
///
/// Unknown fields travel too: `IdeogramRequest.fields` keeps them as sent.
public struct IdeogramRequestEncoder: Sendable {
    public struct Encoded: Sendable {
        public var contentType: String
        public var body: ByteBuffer
    }

    var boundary: String = "----ideogate-" + KeySecret.randomToken(length: 24)

    public init() {}

    public func encode(_ request: IdeogramRequest) -> Encoded {
        if request.operation == .generate {
            return json(.object(["image_request": .object(request.fields)]))
        }
        if request.sentAsJSON, request.allImages.isEmpty {
            return json(.object(request.fields))
        }
        return multipart(request)
    }

    private func json(_ value: JSONValue) -> Encoded {
        Encoded(contentType: "application/json", body: IdeogramJSON.encode(value))
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

    /// A name or file name inside a quoted header parameter: quotes and line breaks would end the
    /// header early, so they are percent-encoded as browsers do.
    static func quoted(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
}
