import Crypto
import Foundation

/// Makes and recognises API key secrets. Only `hash(_:)` of a secret is ever stored.
public enum KeySecret {
    /// `sk-` + 40 base62 characters (≈238 bits); test keys are `sk-test-…`.
    public static func make(test: Bool = false) -> String {
        (test ? "sk-test-" : "sk-") + randomToken(length: 40)
    }

    /// `length` characters drawn uniformly from the base62 alphabet, from the system's secure
    /// random source. Each draw of the system generator is a system call, so the random bits
    /// are taken eight bytes at a time rather than one call per character (every request makes
    /// a request id with this). A byte maps to a character by `% 62` only below 248 (4 × 62),
    /// so every character stays equally likely.
    public static func randomToken(length: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        var out = [UInt8]()
        out.reserveCapacity(length)
        while out.count < length {
            var word = rng.next()
            for _ in 0..<8 where out.count < length {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < 248 { out.append(alphabetBytes[Int(byte % 62)]) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let alphabetBytes = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexString
    }

    /// What people see in lists: enough to tell keys apart, far too little to use.
    public static func displayPrefix(_ secret: String) -> String {
        String(secret.prefix(secret.hasPrefix("sk-test-") ? 12 : 7))
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Digest {
    var hexString: String { Array(self).hexString }
}
