import Crypto
import Foundation

/// Makes and recognises API key secrets. Only `hash(_:)` of a secret is ever stored.
public enum KeySecret {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// `sk-` + 40 base62 characters (≈238 bits); test keys are `sk-test-…`.
    public static func make(test: Bool = false) -> String {
        (test ? "sk-test-" : "sk-") + randomToken(length: 40)
    }

    public static func randomToken(length: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }

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
