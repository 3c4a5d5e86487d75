import Crypto
import Foundation
import NIOCore

/// AWS Signature Version 4, as AWS specifies it
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
/// a canonical request, a string to sign, a key derived from the secret for one day, region and
/// service, and either an `Authorization` header or a presigned query string.
///
/// Written here rather than taken from an SDK: the gateway needs four S3 calls, and the signer
/// is small enough to check against AWS's own published test vectors (GatewayS3Tests).
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    /// Removes `.`/`..` segments and repeated slashes before signing. Every service does this but
    /// S3, whose keys may legitimately contain them.
    public var normalizesPath: Bool

    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash of a request whose body is not signed (presigned URLs).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    public init(credentials: AWSCredentials, region: String, service: String, normalizesPath: Bool? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath ?? (service != "s3")
    }

    /// What is signed: the method, the path and query *unencoded* (the signer encodes them), and
    /// the headers that will be sent, including `Host`.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [(name: String, value: String)]
        public var headers: [(name: String, value: String)]

        public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)]) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
        }
    }

    // MARK: Header signing

    /// The headers to add to `request` to sign it: `X-Amz-Date`, `X-Amz-Security-Token` with
    /// temporary credentials, `X-Amz-Content-SHA256` when asked (S3 requires it), `Authorization`.
    public func sign(
        _ request: Request, payloadHash: String, date: Date, addContentHashHeader: Bool = false
    ) -> [(name: String, value: String)] {
        let stamp = AmzDate(date)
        var added: [(name: String, value: String)] = [("X-Amz-Date", stamp.full)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        if addContentHashHeader { added.append(("X-Amz-Content-SHA256", payloadHash)) }
        var signed = request
        signed.headers += added
        let canonical = canonicalRequest(signed, payloadHash: payloadHash)
        let signature = self.signature(canonicalRequest: canonical.text, stamp: stamp)
        added.append((
            "Authorization",
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(stamp)), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"))
        return added
    }

    // MARK: Query-string presigning

    /// The query items that presign `request` for `expires` seconds, the request's own query
    /// items first. The signed headers are the request's headers (at least `Host`).
    public func presign(
        _ request: Request, expires: Int, date: Date, payloadHash: String = SigV4Signer.unsignedPayload
    ) -> [(name: String, value: String)] {
        let stamp = AmzDate(date)
        let signedHeaders = CanonicalHeaders(request.headers).names
        var query = request.query
        query.append(("X-Amz-Algorithm", Self.algorithm))
        query.append(("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(stamp))"))
        query.append(("X-Amz-Date", stamp.full))
        query.append(("X-Amz-Expires", String(expires)))
        query.append(("X-Amz-SignedHeaders", signedHeaders))
        if let token = credentials.sessionToken { query.append(("X-Amz-Security-Token", token)) }
        var presigned = request
        presigned.query = query
        let canonical = canonicalRequest(presigned, payloadHash: payloadHash)
        query.append(("X-Amz-Signature", signature(canonicalRequest: canonical.text, stamp: stamp)))
        return query
    }

    // MARK: The steps, each visible for the test vectors

    /// Step 1: the canonical request, and the `SignedHeaders` list it names.
    public func canonicalRequest(_ request: Request, payloadHash: String) -> (text: String, signedHeaders: String) {
        let headers = CanonicalHeaders(request.headers)
        let path = normalizesPath ? Self.normalize(request.path) : request.path
        let text = [
            request.method.uppercased(),
            Self.canonicalURI(path),
            Self.canonicalQuery(request.query),
            headers.block,
            headers.names,
            payloadHash,
        ].joined(separator: "\n")
        return (text, headers.names)
    }

    /// Step 2: the string to sign.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        stringToSign(canonicalRequest: canonicalRequest, stamp: AmzDate(date))
    }

    /// Step 3: the key for one day, region and service, derived from the secret.
    public static func signingKey(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(secret)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// Step 4: the signature, hex.
    public func signature(canonicalRequest: String, date: Date) -> String {
        signature(canonicalRequest: canonicalRequest, stamp: AmzDate(date))
    }

    func stringToSign(canonicalRequest: String, stamp: AmzDate) -> String {
        [Self.algorithm, stamp.full, scope(stamp), Self.sha256Hex(Data(canonicalRequest.utf8))].joined(separator: "\n")
    }

    func signature(canonicalRequest: String, stamp: AmzDate) -> String {
        let key = Self.signingKey(secret: credentials.secretAccessKey, day: stamp.day, region: region, service: service)
        let toSign = stringToSign(canonicalRequest: canonicalRequest, stamp: stamp)
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: key))
    }

    func scope(_ stamp: AmzDate) -> String {
        "\(stamp.day)/\(region)/\(service)/aws4_request"
    }

    // MARK: Encoding

    public static func sha256Hex(_ data: some DataProtocol) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The same for a body in a ByteBuffer, without copying it.
    public static func sha256Hex(_ buffer: ByteBuffer) -> String {
        buffer.withUnsafeReadableBytes { hex(SHA256.hash(data: $0)) }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// AWS's URI encoding: every byte but the unreserved characters as `%XX`, upper-case hex.
    public static func uriEncode(_ string: String, keepSlash: Bool = false) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for c in string.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(c)
            case UInt8(ascii: "/") where keepSlash:
                out.append(c)
            default:
                out += [UInt8(ascii: "%"), hexDigits[Int(c >> 4)], hexDigits[Int(c & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func canonicalURI(_ path: String) -> String {
        path.isEmpty ? "/" : uriEncode(path, keepSlash: true)
    }

    /// Sorted by encoded name, then encoded value.
    static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = items.map { (uriEncode($0.name), uriEncode($0.value)) }
        let sorted = encoded.sorted { a, b in a.name == b.name ? a.value < b.value : a.name < b.name }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// RFC 3986 dot-segment removal, with empty segments dropped; a trailing slash is kept.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        // `/a/b/` keeps its slash; `/a/b/..` and `/./` do not (they name a directory already).
        let trailing = path.hasSuffix("/") && !segments.isEmpty
        let joined: String = "/" + segments.joined(separator: "/")
        return trailing ? joined + "/" : joined
    }
}

/// Lower-cased, sorted names; values trimmed with inner runs of spaces collapsed; repeated
/// headers joined with commas in the order given.
struct CanonicalHeaders {
    let block: String
    let names: String

    init(_ headers: [(name: String, value: String)]) {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let trimmed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            values[name.lowercased(), default: []].append(trimmed)
        }
        let sorted = values.keys.sorted()
        block = sorted.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        names = sorted.joined(separator: ";")
    }
}

/// A request's time as SigV4 writes it: `20150830T123600Z` and the day `20150830`, in UTC.
struct AmzDate {
    let full: String
    let day: String

    init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        day = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
        full = "\(day)T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
