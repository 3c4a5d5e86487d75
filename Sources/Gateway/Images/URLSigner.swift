import Crypto
import Foundation

/// Signs image links so that only the holder of a link can fetch the image, and only until it
/// expires. The signature covers the id and the expiry; changing either breaks it.
public struct URLSigner: Sendable {
    let key: SymmetricKey
    /// How long a link stays valid.
    public let lifetime: TimeInterval

    public init(secret: String, lifetime: TimeInterval) {
        key = SymmetricKey(data: Data(secret.utf8))
        self.lifetime = lifetime
    }

    public func signature(id: String, expires: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(id).\(expires)".utf8), using: key)
        return Array(mac).hexString
    }

    /// The path and query of a signed link, e.g. `/files/abc.png?exp=…&sig=…`.
    public func signedPath(id: String, now: Date = Date()) -> String {
        let expires = Int64(now.timeIntervalSince1970 + lifetime)
        return "/files/\(id).png?exp=\(expires)&sig=\(signature(id: id, expires: expires))"
    }

    public enum Verdict: Equatable { case valid(expires: Int64), tampered, expired }

    public func verify(id: String, expires: String?, signature given: String?, now: Date = Date()) -> Verdict {
        guard let expires, let exp = Int64(expires), let given else { return .tampered }
        let expected = signature(id: id, expires: exp)
        // Compare in constant time: the signature is a secret-derived value.
        guard expected.utf8.count == given.utf8.count,
              zip(expected.utf8, given.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0
        else { return .tampered }
        return Int64(now.timeIntervalSince1970) < exp ? .valid(expires: exp) : .expired
    }
}
