import Crypto
import HTTPTypes
import Foundation

/// Prepaid codes: the operator creates them in batches, an account holder redeems one once.
///
/// A code is `IDG-XXXX-XXXX-XXXX-XXXX`: 16 characters of Crockford base32 (80 random bits),
/// whose alphabet has no I, L, O or U, so a code read aloud or copied by hand survives. Only
/// the SHA-256 of the canonical form is stored, as for API keys.
public struct RedemptionCodes: Sendable {
    let store: any LedgerStore

    public init(store: any LedgerStore) { self.store = store }

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let groups = 4
    static let groupLength = 4
    public static let maxBatch = 1000

    public struct Batch: Sendable {
        public var id: String
        /// The codes themselves: shown once, never stored.
        public var codes: [String]
        public var amountMicros: Int64
        public var expiresAt: Millis?
        public var memo: String?
    }

    public func createBatch(count: Int, amountMicros: Int64, expiresAt: Millis? = nil, memo: String? = nil, now: Date = Date()) async throws -> Batch {
        guard (1...Self.maxBatch).contains(count) else {
            throw GatewayError(.badRequest, "invalid_count", "count must be between 1 and \(Self.maxBatch).")
        }
        guard amountMicros > 0 else {
            throw GatewayError(.badRequest, "invalid_amount", "amount_micros must be positive.")
        }
        if let expiresAt, expiresAt <= now.millis {
            throw GatewayError(.badRequest, "invalid_expiry", "expires_at must be in the future.")
        }
        let memo = memo?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let memo, memo.count > 500 {
            throw GatewayError(.badRequest, "invalid_memo", "memo must be at most 500 characters.")
        }
        let batch = "batch_" + KeySecret.randomToken(length: 12)
        let codes = (0..<count).map { _ in Self.make() }
        try await store.createRedemptionCodes(codes.map {
            RedemptionCode(
                codeHash: Self.hash($0), prefix: Self.displayPrefix($0), batch: batch, amountMicros: amountMicros,
                createdAt: now.millis, expiresAt: expiresAt, memo: memo?.isEmpty == true ? nil : memo)
        })
        return Batch(id: batch, codes: codes, amountMicros: amountMicros, expiresAt: expiresAt, memo: memo)
    }

    /// Credits the account with the code's amount, or throws the error the caller should see:
    /// 404 unknown, 409 already redeemed, 410 expired.
    public func redeem(_ code: String, accountID: String, now: Date = Date()) async throws -> (amountMicros: Int64, balanceMicros: Int64) {
        guard let canonical = Self.canonical(code) else {
            throw GatewayError(.badRequest, "invalid_code", "A code looks like IDG-XXXX-XXXX-XXXX-XXXX.")
        }
        switch try await store.redeem(codeHash: Self.hash(canonical), accountID: accountID, at: now.millis) {
        case .redeemed(let amount, let balance):
            return (amount, balance)
        case .unknown:
            throw GatewayError(.notFound, "code_not_found", "No such code.")
        case .alreadyRedeemed:
            throw GatewayError(.conflict, "code_already_redeemed", "This code has already been redeemed.")
        case .expired:
            throw GatewayError(.gone, "code_expired", "This code has expired.")
        case .noSuchAccount:
            throw GatewayError(.notFound, "account_not_found", "No account \(accountID).")
        }
    }

    static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let chars = (0..<(groups * groupLength)).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] }
        return format(chars)
    }

    static func format(_ chars: [Character]) -> String {
        "IDG-" + stride(from: 0, to: chars.count, by: groupLength).map { String(chars[$0..<$0 + groupLength]) }.joined(separator: "-")
    }

    /// The canonical form of what a person typed: case, spaces and dashes do not matter, and the
    /// look-alikes O, I and L read as 0, 1 and 1 (Crockford's rule). nil when it cannot be a code.
    public static func canonical(_ text: String) -> String? {
        var body = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        if body.hasPrefix("IDG") { body.removeFirst(3) }
        let mapped = body.map { c -> Character in
            switch c {
            case "O": "0"
            case "I", "L": "1"
            default: c
            }
        }
        guard mapped.count == groups * groupLength, mapped.allSatisfy(alphabet.contains) else { return nil }
        return format(mapped)
    }

    static func hash(_ canonical: String) -> String { SHA256.hash(data: Data(canonical.utf8)).hexString }

    /// `IDG-XXXX`: enough to find a code in a list, 20 of its 80 bits.
    static func displayPrefix(_ canonical: String) -> String { String(canonical.prefix(8)) }
}
