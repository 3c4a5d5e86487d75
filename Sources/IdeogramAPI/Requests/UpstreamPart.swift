import Foundation
import NIOCore

/// One multipart part to send upstream: header lines (each ending in CRLF, no blank line) and body.
public struct UpstreamPart: Sendable {
    public var headerBlock: ByteBuffer
    public var body: ByteBuffer

    public init(headerBlock: ByteBuffer, body: ByteBuffer) {
        self.headerBlock = headerBlock
        self.body = body
    }

    /// A part the gateway writes itself. A quote, CR or LF in the name would end the header
    /// early, so they are percent-encoded, as the HTML standard's form encoding (which RFC 7578
    /// §4.2 defers to) does.
    public init(name: String, contentType: String?, body: ByteBuffer) {
        var header = "Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n"
        if let contentType { header += "Content-Type: \(contentType)\r\n" }
        self.init(headerBlock: ByteBuffer(string: header), body: body)
    }

    public static func quoted(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
}

/// JSON the gateway writes into a request: sorted keys, so one request always encodes to the
/// same bytes (tests, logs, retries on another channel).
enum RelayJSON {
    static func encode(_ value: JSONValue) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    /// A value as a form part carries it: strings bare, everything else as JSON text.
    static func formText(_ value: JSONValue) -> ByteBuffer {
        switch value {
        case .string, .int, .bool: ByteBuffer(string: value.formText)
        default: encode(value)
        }
    }
}
