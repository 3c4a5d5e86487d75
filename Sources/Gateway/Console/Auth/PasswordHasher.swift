import Crypto
import Foundation

/// Slow, salted password hashes: PBKDF2-HMAC-SHA256 (RFC 8018) with a random 16-byte salt.
///
/// Stored as `pbkdf2-sha256$<iterations>$<salt base64>$<key base64>`, so the iteration count can
/// rise later without invalidating existing hashes. Written on swift-crypto's SHA-256 rather than
/// `CryptoExtras` because that product's name differs across the swift-crypto versions the
/// package accepts.
struct PasswordHasher: Sendable {
    /// OWASP's 2023 floor for PBKDF2-SHA256 is 600k; 210k keeps sign-in well under a second on a
    /// small machine while staying far beyond a fast hash.
    static let defaultIterations = 210_000
    static let scheme = "pbkdf2-sha256"

    var iterations: Int = Self.defaultIterations

    func hash(_ password: String) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
        let key = Self.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations, length: 32)
        return "\(Self.scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Recomputes the key with the stored salt and iterations; compares without an early exit.
    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), (1...10_000_000).contains(iterations),
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
              !expected.isEmpty
        else { return false }
        let key = pbkdf2(password: Array(password.utf8), salt: Array(salt), iterations: iterations, length: expected.count)
        return Credentials.constantTimeEqual(key, Array(expected))
    }

    /// PBKDF2 with HMAC-SHA256 as the PRF. The HMAC's inner and outer hash states are keyed once
    /// and copied per iteration (SHA256 is a value type), which halves the work of each round.
    static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var key = password
        if key.count > 64 { key = Array(SHA256.hash(data: key)) }
        key += [UInt8](repeating: 0, count: 64 - key.count)
        var inner = SHA256()
        inner.update(data: key.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: key.map { $0 ^ 0x5c })

        func prf(_ message: [UInt8]) -> [UInt8] {
            var i = inner
            i.update(data: message)
            var o = outer
            o.update(data: Array(i.finalize()))
            return Array(o.finalize())
        }

        var derived: [UInt8] = []
        var block: UInt32 = 1
        while derived.count < length {
            var u = prf(salt + withUnsafeBytes(of: block.bigEndian) { Array($0) })
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    u = prf(u)
                    for j in 0..<t.count { t[j] ^= u[j] }
                }
            }
            derived += t
            block += 1
        }
        return Array(derived.prefix(length))
    }
}
