import NIOCore

/// Relaying a decoded request upstream, faithful to what the customer sent.
///
/// The gateway forwards what it validated and priced: a value it normalised (an enum's letter
/// case, a number sent as text, a tolerated alias) travels in its canonical form, because that
/// is the value the quote was made for and the one Ideogram accepts. Everything else travels as
/// received: the multipart parts in the customer's order with their header lines byte for byte,
/// each value's text, and — when no field changed at all — the JSON body itself.
extension IdeogramRequest {
    /// The JSON object Ideogram receives: `fields`, wrapped in `image_request` beside
    /// `outerFields` for the operations that wrap.
    public var upstreamJSONObject: [String: JSONValue] {
        guard self.operation.wrapsImageRequest else { return self.fields }
        var object = self.outerFields
        object[RequestForm.envelopeField] = .object(self.fields)
        return object
    }

    /// The customer's JSON bytes when the object they held is exactly what goes upstream;
    /// otherwise the object, encoded with sorted keys.
    public func upstreamJSON() -> ByteBuffer {
        let object = upstreamJSONObject
        if case .json(let raw, let received)? = self.receivedBody, received == object { return raw }
        return RelayJSON.encode(.object(object))
    }

    /// The customer's multipart parts in their order, each as received unless the gateway
    /// changed its value, followed by any field the gateway added. The customer's boundary is
    /// kept unless a re-encoded value happens to contain it; then `fallbackBoundary` is used.
    /// Nil when the request did not arrive as multipart (the gateway composed it itself).
    public func relayedMultipart(fallbackBoundary: String) -> (boundary: String, parts: [UpstreamPart])? {
        guard case .multipart(let boundary, let received)? = self.receivedBody else { return nil }
        let relay = MultipartRelay(request: self, received: received)
        let parts = relay.parts()
        // Parts sent as received were framed by this boundary already, so cannot contain it;
        // only a value the gateway wrote could, however unlikely.
        let delimiter = ByteSearch(Array("\r\n--\(boundary)".utf8))
        let clashes = parts.contains { part in
            guard !part.isVerbatim else { return false }
            var framed = ByteBuffer(string: "\r\n")
            framed.writeImmutableBuffer(part.part.body)
            framed.writeString("\r\n")
            return framed.withUnsafeReadableBytes { delimiter.firstMatch(in: $0, from: 0) } != nil
        }
        return (clashes ? fallbackBoundary : boundary, parts.map(\.part))
    }
}

/// Decides, part by part, what a received multipart form becomes upstream.
private struct MultipartRelay {
    let request: IdeogramRequest
    let received: [ReceivedPart]

    /// A part to send, and whether it is exactly a part the customer sent.
    struct Output {
        var part: UpstreamPart
        var isVerbatim: Bool

        static func verbatim(_ received: ReceivedPart) -> Output {
            Output(part: UpstreamPart(headerBlock: received.headerBlock, body: received.body), isVerbatim: true)
        }

        static func written(_ part: UpstreamPart) -> Output { Output(part: part, isVerbatim: false) }
    }

    func parts() -> [Output] {
        var occurrences: [Key: [ReceivedPart]] = [:]
        for part in received where part.role == .field || part.role == .outerField {
            occurrences[Key(part), default: []].append(part)
        }
        var out: [Output] = []
        var written: Set<Key> = []
        for part in received {
            switch part.role {
            case .file:
                out.append(.verbatim(part))
            case .envelope:
                let current = JSONValue.object(request.fields)
                if JSONBodyReader.readValue(String(buffer: part.body)) == current {
                    out.append(.verbatim(part))
                } else {
                    out.append(.written(UpstreamPart(headerBlock: part.headerBlock, body: RelayJSON.encode(current))))
                }
            case .field, .outerField:
                let key = Key(part)
                guard let value = value(for: key) else { continue }  // taken out by the gateway
                let all = occurrences[key] ?? [part]
                if Self.texts(of: all, match: value) {
                    out.append(.verbatim(part))
                } else if written.insert(key).inserted {
                    // Changed: the canonical value, at the first part's place, under its headers.
                    for text in Self.formTexts(value) {
                        out.append(.written(UpstreamPart(headerBlock: part.headerBlock, body: text)))
                    }
                }
            }
        }
        // Fields the gateway added (a rewritten aspect ratio becomes a resolution).
        let sent = Set(occurrences.keys)
        for (name, value) in request.fields.sorted(by: { $0.key < $1.key }) where !request.operation.wrapsImageRequest {
            guard !sent.contains(Key(name: name, role: .field)) else { continue }
            out += Self.synthesized(name, value).map(Output.written)
        }
        for (name, value) in request.outerFields.sorted(by: { $0.key < $1.key }) where !sent.contains(Key(name: name, role: .outerField)) {
            out += Self.synthesized(name, value).map(Output.written)
        }
        return out
    }

    private struct Key: Hashable {
        let name: String
        let role: ReceivedPart.Role

        init(name: String, role: ReceivedPart.Role) {
            self.name = name
            self.role = role
        }

        init(_ part: ReceivedPart) { self.init(name: part.name, role: part.role) }
    }

    private func value(for key: Key) -> JSONValue? {
        key.role == .outerField ? request.outerFields[key.name] : request.fields[key.name]
    }

    /// Whether the parts' texts are exactly the value's: one part per array element (repeats),
    /// or one part for a scalar; JSON text compares by what it means, not its spelling.
    private static func texts(of parts: [ReceivedPart], match value: JSONValue) -> Bool {
        let items: [JSONValue]
        if case .array(let array) = value {
            items = array
        } else {
            items = [value]
        }
        guard items.count == parts.count else { return false }
        return zip(parts, items).allSatisfy { part, item in
            let text = String(buffer: part.body)
            switch item {
            case .object, .array: return JSONBodyReader.readValue(text) == item
            case .null: return false
            default: return item.formText == text
            }
        }
    }

    /// Arrays travel as repeated parts; objects as JSON text.
    private static func formTexts(_ value: JSONValue) -> [ByteBuffer] {
        switch value {
        case .array(let items): items.map(RelayJSON.formText)
        case .null: []
        default: [RelayJSON.formText(value)]
        }
    }

    private static func synthesized(_ name: String, _ value: JSONValue) -> [UpstreamPart] {
        let contentType: String? = if case .object = value { "application/json" } else { nil }
        return formTexts(value).map { UpstreamPart(name: name, contentType: contentType, body: $0) }
    }
}
