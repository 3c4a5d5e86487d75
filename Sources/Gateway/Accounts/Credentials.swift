import HTTPTypes

/// Where callers put their credentials, in one place: the header names every surface reads and
/// the one way a bearer token is parsed and a secret compared.
enum Credentials {
    /// Ideogram's own header for the key.
    static let apiKeyField = HTTPField.Name("Api-Key")!
    /// ComfyUI's header for the key, read on its `/proxy/ideogram` paths only.
    static let comfyKeyField = HTTPField.Name("X-API-KEY")!

    /// An API key: `Api-Key`, else `Authorization: Bearer …`. Blank values count as absent.
    static func apiKey(in headers: HTTPFields) -> String? {
        if let value = headers[apiKeyField].map(trimmed), !value.isEmpty { return value }
        return bearerToken(in: headers)
    }

    /// The token of `Authorization: Bearer <token>` (the scheme in any case), or nil.
    static func bearerToken(in headers: HTTPFields) -> String? {
        guard let auth = headers[.authorization] else { return nil }
        let parts = auth.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = trimmed(parts[1])
        return token.isEmpty ? nil : token
    }

    static func trimmed(_ s: some StringProtocol) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = s.firstIndex(where: { !blank($0) }), let last = s.lastIndex(where: { !blank($0) }) else { return "" }
        return String(s[first...last])
    }

    /// Compares two secrets (or their digests) without an early exit, so the time taken says
    /// nothing about how much of a guess was right.
    static func constantTimeEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
