import NIOCore

/// A request body split into its non-file fields and its file parts, with the legacy
/// `image_request` envelope opened and `dry_run` taken out. Nothing is validated yet.
///
/// It also keeps what a faithful relay needs: the fields sent beside the envelope, and the
/// body as received (`ReceivedBody`).
struct RequestForm {
    var fields: [String: JSONValue] = [:]
    /// Fields beside `image_request`, for the operations that wrap (see `IdeogramRequest.outerFields`).
    var outerFields: [String: JSONValue] = [:]
    var files: [String: [FormPart]] = [:]
    var dryRun = false
    var received: ReceivedBody

    static let dryRunField = "dry_run"
    static let envelopeField = "image_request"
    /// Controls the gateway reads from `IdeogramRequest.fields` and removes before relaying
    /// (asynchronous execution). Sent beside `image_request` they are moved into `fields`, so
    /// the gateway finds and removes them in one place and they never travel upstream.
    static let gatewayControls = ["async", "webhook_url"]

    init(json body: ByteBuffer, schema: EndpointSchema) throws(IdeogramError) {
        var object = try JSONBodyReader.readObject(body)
        received = .json(body, object: object)
        dryRun = Self.takeDryRun(from: &object)
        if schema.operation.wrapsImageRequest {
            fields = try Self.openEnvelope(object.removeValue(forKey: Self.envelopeField))
            dryRun = Self.takeDryRun(from: &fields) || dryRun
            outerFields = object
            hoistGatewayControls()
        } else {
            fields = object
        }
    }

    init(multipart parts: [FormPart], boundary: String, schema: EndpointSchema) throws(IdeogramError) {
        received = .multipart(boundary: boundary, parts: [])  // completed once every part is read
        var envelope: JSONValue?
        var repeats: [String: [JSONValue]] = [:]
        var outerRepeats: [String: [JSONValue]] = [:]
        var relayed: [ReceivedPart] = []
        let wraps = schema.operation.wrapsImageRequest
        for part in parts {
            // RFC 7578 requires a name; an empty one names no field, so it is ignored like any
            // field the endpoint does not know (unknown fields are never refused).
            if part.name.isEmpty { continue }
            if let spec = schema.file(named: part.name) {
                // A single-image field sent twice: the first part counts, as for text fields.
                if spec.isArray || files[part.name] == nil {
                    files[part.name, default: []].append(part)
                    relayed.append(ReceivedPart(part, role: .file))
                }
                continue
            }
            let isKnownText = schema.field(named: part.name) != nil
                || part.name == Self.dryRunField || (wraps && part.name == Self.envelopeField)
            if part.filename != nil, !isKnownText {
                continue  // an unknown file: nothing upstream would accept it
            }
            guard let text = part.text else {
                throw .invalidValue("Form field '\(part.name)' is not valid UTF-8 text.")
            }
            switch part.name {
            case Self.dryRunField:
                dryRun = Self.isTrue(.string(text))
            case Self.envelopeField where wraps:
                if envelope == nil {
                    envelope = .string(text)
                    relayed.append(ReceivedPart(part, role: .envelope))
                }
            case _ where wraps:
                // Beside the envelope: kept as sent, repeats collected, never validated.
                outerRepeats[part.name, default: []].append(.string(text))
                relayed.append(ReceivedPart(part, role: .outerField))
            default:
                // Known arrays (style_codes) and unknown fields collect repeats; known scalars keep the first.
                add(text, named: part.name, collectRepeats: Self.collectsRepeats(part.name, schema: schema), into: &repeats)
                relayed.append(ReceivedPart(part, role: .field))
            }
        }
        received = .multipart(boundary: boundary, parts: relayed)
        store(repeats)
        if wraps {
            fields = try Self.openEnvelope(envelope)
            dryRun = Self.takeDryRun(from: &fields) || dryRun
            for (name, values) in outerRepeats {
                outerFields[name] = values.count == 1 ? values[0] : .array(values)
            }
            hoistGatewayControls()
        }
    }

    /// Moves `async` and `webhook_url` from beside the envelope into `fields` (a value inside
    /// the envelope wins), where the gateway takes them out before relaying.
    private mutating func hoistGatewayControls() {
        for name in Self.gatewayControls {
            guard let value = outerFields.removeValue(forKey: name) else { continue }
            if fields[name] == nil { fields[name] = value }
        }
    }

    /// Known scalars keep the first value. Fields that collect repeats are gathered in
    /// `repeats`, where each append happens in place (rebuilding an array per part would make
    /// a form of n parts cost O(n²)), and become `fields` once every part has been read.
    private mutating func add(_ text: String, named name: String, collectRepeats: Bool, into repeats: inout [String: [JSONValue]]) {
        if collectRepeats {
            repeats[name, default: []].append(.string(text))
        } else if fields[name] == nil {
            fields[name] = .string(text)
        }
    }

    /// A single value stays a scalar, except for `style_codes`, which is an array by definition.
    private mutating func store(_ repeats: [String: [JSONValue]]) {
        for (name, values) in repeats {
            fields[name] = values.count == 1 && name != "style_codes" ? values[0] : .array(values)
        }
    }

    private static func collectsRepeats(_ name: String, schema: EndpointSchema) -> Bool {
        guard let spec = schema.field(named: name) else { return true }
        if case .styleCodes = spec.kind { return true }
        return false
    }

    /// The legacy envelope: an object in JSON, a JSON string part in multipart.
    private static func openEnvelope(_ value: JSONValue?) throws(IdeogramError) -> [String: JSONValue] {
        switch value {
        case nil, .null?:
            throw .missingField(envelopeField)
        case .object(let object)?:
            return object
        case .string(let text)?:
            return try JSONBodyReader.readObject(text, what: "'image_request'")
        default:
            throw .invalidJSON("'image_request' must be a JSON object.")
        }
    }

    private static func takeDryRun(from object: inout [String: JSONValue]) -> Bool {
        guard let value = object.removeValue(forKey: dryRunField) else { return false }
        return isTrue(value)
    }

    static func isTrue(_ value: JSONValue) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .int(let number): number != 0
        case .string(let text): ["true", "1", "yes", "on"].contains(text.trimmingCharacters(in: .whitespaces).lowercased())
        default: false
        }
    }
}
