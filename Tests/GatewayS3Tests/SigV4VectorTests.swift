import Foundation
import GatewayS3
import Testing

/// The signer against AWS's own published vectors (Fixtures/aws-sig-v4-test-suite/SOURCE.md):
/// every step — canonical request, string to sign, signature — for header signing and for
/// query-string presigning.
@Suite struct SigV4VectorTests {
    static let suite = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aws-sig-v4-test-suite")

    static let cases = [
        "get-vanilla",
        "get-vanilla-query-order-key-case",   // query parameters sorted by name
        "get-vanilla-query-order-encoded",    // … by their *encoded* names
        "get-vanilla-utf8-query",
        "get-header-value-trim",              // values trimmed, inner spaces collapsed
        "get-header-key-duplicate",           // repeated headers joined with commas
        "get-header-value-order",             // … in the order sent
        "post-x-www-form-urlencoded",         // body hash, x-amz-content-sha256
        "get-utf8",                           // UTF-8 path encoded
        "get-space-normalized",
        "get-slash-dot-slash-normalized",     // path normalisation
        "get-relative-relative-normalized",
        "get-vanilla-with-session-token",     // X-Amz-Security-Token
    ]

    @Test(arguments: SigV4VectorTests.cases) func headerSigning(_ name: String) throws {
        let vector = try Vector(name)
        let date = vector.date
        let signer = vector.signer
        let added = signer.sign(vector.request, payloadHash: vector.payloadHash, date: date, addContentHashHeader: vector.signBody)

        // The canonical request the signer built for the request with its added headers.
        var signed = vector.request
        signed.headers += added.filter { $0.name != "Authorization" }
        let canonical = signer.canonicalRequest(signed, payloadHash: vector.payloadHash).text
        #expect(canonical == vector.file("header-canonical-request.txt"))
        #expect(signer.stringToSign(canonicalRequest: canonical, date: date) == vector.file("header-string-to-sign.txt"))
        let signature = vector.file("header-signature.txt")
        #expect(signer.signature(canonicalRequest: canonical, date: date) == signature)
        let authorization = try #require(added.first { $0.name == "Authorization" }?.value)
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders="))
        #expect(authorization.hasSuffix(", Signature=\(signature)"))
    }

    @Test(arguments: SigV4VectorTests.cases) func queryPresigning(_ name: String) throws {
        let vector = try Vector(name)
        let query = vector.signer.presign(vector.request, expires: vector.expires, date: vector.date, payloadHash: vector.payloadHash)
        let signature = try #require(query.last)
        #expect(signature.name == "X-Amz-Signature")
        #expect(signature.value == vector.file("query-signature.txt"))

        var presigned = vector.request
        presigned.query = Array(query.dropLast())
        #expect(vector.signer.canonicalRequest(presigned, payloadHash: vector.payloadHash).text == vector.file("query-canonical-request.txt"))
    }

    /// The signing key is the published one for the IAM documentation's example
    /// (secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830, us-east-1, iam).
    @Test func signingKeyDerivation() {
        let key = SigV4Signer.signingKey(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", day: "20150830", region: "us-east-1", service: "iam")
        let hex = key.withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    // MARK: S3's own examples (S3 API reference, signature calculation examples)

    static let s3Credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z

    /// "GET Object": the first 10 bytes of examplebucket/test.txt, signed with the payload hash
    /// of the empty body in x-amz-content-sha256.
    @Test func s3GetObjectWithRange() {
        let signer = SigV4Signer(credentials: Self.s3Credentials, region: "us-east-1", service: "s3")
        let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let request = SigV4Signer.Request(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")])
        let added = signer.sign(request, payloadHash: emptyHash, date: Self.s3Date, addContentHashHeader: true)
        var signed = request
        signed.headers += added.filter { $0.name != "Authorization" }
        let canonical = signer.canonicalRequest(signed, payloadHash: emptyHash).text
        #expect(canonical == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signer.stringToSign(canonicalRequest: canonical, date: Self.s3Date) == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
            """)
        #expect(added.first { $0.name == "Authorization" }?.value == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")

        // The same request with UNSIGNED-PAYLOAD instead of the body's hash is another signature:
        // the payload line is part of what is signed.
        let unsigned = signer.sign(request, payloadHash: SigV4Signer.unsignedPayload, date: Self.s3Date, addContentHashHeader: true)
        #expect(unsigned.first { $0.name == "X-Amz-Content-SHA256" }?.value == "UNSIGNED-PAYLOAD")
        #expect(unsigned.first { $0.name == "Authorization" }?.value.hasSuffix("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41") == false)
    }

    /// "Authenticating Requests: Using Query Parameters": examplebucket/test.txt for 86400 s.
    @Test func s3PresignedURL() {
        let signer = SigV4Signer(credentials: Self.s3Credentials, region: "us-east-1", service: "s3")
        let request = SigV4Signer.Request(method: "GET", path: "/test.txt", headers: [("Host", "examplebucket.s3.amazonaws.com")])
        let query = signer.presign(request, expires: 86400, date: Self.s3Date)
        var presigned = request
        presigned.query = Array(query.dropLast())
        #expect(signer.canonicalRequest(presigned, payloadHash: SigV4Signer.unsignedPayload).text == """
            GET
            /test.txt
            X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host
            host:examplebucket.s3.amazonaws.com

            host
            UNSIGNED-PAYLOAD
            """)
        #expect(query.last?.name == "X-Amz-Signature")
        #expect(query.last?.value == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "top-secret-value", sessionToken: "session-token-value")
        let printed = "\(credentials)"
        #expect(printed.contains("AKIDEXAMPLE"))
        #expect(!printed.contains("top-secret-value"))
        #expect(!printed.contains("session-token-value"))
    }
}

/// One case of the suite, read from its files.
struct Vector {
    let directory: URL
    let request: SigV4Signer.Request
    let body: Data
    let signer: SigV4Signer
    let date: Date
    let expires: Int
    let signBody: Bool

    var payloadHash: String { SigV4Signer.sha256Hex(body) }

    init(_ name: String) throws {
        directory = SigV4VectorTests.suite.appendingPathComponent(name)
        let context = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("context.json"))) as! [String: Any]
        let credentials = context["credentials"] as! [String: String]
        signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: credentials["access_key_id"]!, secretAccessKey: credentials["secret_access_key"]!,
                sessionToken: credentials["token"]),
            region: context["region"] as! String, service: context["service"] as! String,
            normalizesPath: context["normalize"] as? Bool ?? true)
        date = ISO8601DateFormatter().date(from: context["timestamp"] as! String)!
        expires = context["expiration_in_seconds"] as? Int ?? 3600
        signBody = context["sign_body"] as? Bool ?? false
        let parsed = try Self.parse(String(contentsOf: directory.appendingPathComponent("request.txt"), encoding: .utf8))
        request = parsed.0
        body = parsed.1
    }

    func file(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "<missing \(name)>"
    }

    /// `METHOD /path?query HTTP/1.1`, then `Name:value` lines, a blank line and the body. The
    /// path and query in the files are unencoded or percent-encoded; the signer takes them decoded.
    static func parse(_ text: String) throws -> (SigV4Signer.Request, Data) {
        let lines = text.components(separatedBy: "\n")
        let requestLine = lines[0].split(separator: " ")
        let target = requestLine[1...].dropLast().joined(separator: " ")
        let pathPart = target.prefix { $0 != "?" }
        let queryPart = target.dropFirst(pathPart.count).dropFirst()
        var query: [(name: String, value: String)] = []
        if !queryPart.isEmpty {
            for pair in queryPart.split(separator: "&", omittingEmptySubsequences: false) {
                let name = pair.prefix { $0 != "=" }
                let value = pair.dropFirst(name.count).dropFirst()
                query.append((String(name).removingPercentEncoding!, String(value).removingPercentEncoding!))
            }
        }
        var headers: [(name: String, value: String)] = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            let colon = line.firstIndex(of: ":")!
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            index += 1
        }
        let body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
        return (SigV4Signer.Request(
            method: String(requestLine[0]), path: String(pathPart).removingPercentEncoding!, query: query, headers: headers), Data(body.utf8))
    }
}
