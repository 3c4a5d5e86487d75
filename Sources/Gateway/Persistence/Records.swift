import Foundation

/// Plain values that cross the store boundary. Times are Unix milliseconds so that both
/// SQLite and PostgreSQL store them as plain integers, with no time-zone surprises.
public typealias Millis = Int64

extension Date {
    public var millis: Millis { Millis((timeIntervalSince1970 * 1000).rounded()) }
    public init(millis: Millis) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

public struct Account: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var tier: String
    public var balanceMicros: Int64
    public var createdAt: Millis
    public var disabledAt: Millis?

    public init(
        id: String, name: String, tier: String, balanceMicros: Int64, createdAt: Millis, disabledAt: Millis? = nil
    ) {
        self.id = id
        self.name = name
        self.tier = tier
        self.balanceMicros = balanceMicros
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}

public struct APIKeyRecord: Sendable, Codable, Equatable {
    public var id: String
    public var accountID: String
    /// The first characters of the secret, shown to people so they can tell keys apart.
    public var prefix: String
    /// SHA-256 of the whole secret, hex. Keys are 190+ bits of randomness, so a fast hash is
    /// enough: there is nothing to brute-force, and a slow hash would cost every request.
    public var hash: String
    public var label: String
    public var isTest: Bool
    public var createdAt: Millis
    public var expiresAt: Millis?
    public var revokedAt: Millis?
    public var lastUsedAt: Millis?
    public var scope: KeyScope = KeyScope()
    /// Lifetime spend, open holds included.
    public var spentMicros: Int64 = 0

    public init(
        id: String, accountID: String, prefix: String, hash: String, label: String, isTest: Bool, createdAt: Millis,
        expiresAt: Millis? = nil, revokedAt: Millis? = nil, lastUsedAt: Millis? = nil, scope: KeyScope = KeyScope(),
        spentMicros: Int64 = 0
    ) {
        self.id = id
        self.accountID = accountID
        self.prefix = prefix
        self.hash = hash
        self.label = label
        self.isTest = isTest
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.scope = scope
        self.spentMicros = spentMicros
    }
}

public struct PriceEntry: Sendable, Codable, Equatable {
    /// An `Operation` raw value, e.g. `v3.generate`.
    public var operation: String
    /// The rendering speed, model or other variant; `*` matches any.
    public var variant: String
    public var micros: Int64
    public var updatedAt: Millis

    public init(operation: String, variant: String, micros: Int64, updatedAt: Millis) {
        self.operation = operation
        self.variant = variant
        self.micros = micros
        self.updatedAt = updatedAt
    }
}

public struct Tier: Sendable, Codable, Equatable {
    public var name: String
    /// Price multiplier in parts per million: 1_000_000 is list price, 800_000 a 20% discount.
    public var multiplierPPM: Int64

    public init(name: String, multiplierPPM: Int64) {
        self.name = name
        self.multiplierPPM = multiplierPPM
    }
}

/// One request's row in the usage log, written once when the request ends.
public struct UsageRecord: Sendable, Codable, Equatable {
    public var requestID: String
    public var accountID: String?
    public var keyID: String?
    public var operation: String
    public var variant: String?
    public var imagesRequested: Int
    public var imagesDelivered: Int
    public var unitPriceMicros: Int64
    public var chargedMicros: Int64
    public var status: Int
    public var errorCode: String?
    public var latencyMillis: Int64
    public var channel: String?
    public var createdAt: Millis

    public init(
        requestID: String, accountID: String? = nil, keyID: String? = nil, operation: String, variant: String? = nil,
        imagesRequested: Int, imagesDelivered: Int, unitPriceMicros: Int64, chargedMicros: Int64, status: Int,
        errorCode: String? = nil, latencyMillis: Int64, channel: String? = nil, createdAt: Millis
    ) {
        self.requestID = requestID
        self.accountID = accountID
        self.keyID = keyID
        self.operation = operation
        self.variant = variant
        self.imagesRequested = imagesRequested
        self.imagesDelivered = imagesDelivered
        self.unitPriceMicros = unitPriceMicros
        self.chargedMicros = chargedMicros
        self.status = status
        self.errorCode = errorCode
        self.latencyMillis = latencyMillis
        self.channel = channel
        self.createdAt = createdAt
    }
}

public struct StoredImage: Sendable, Codable, Equatable {
    public var id: String
    public var requestID: String
    public var accountID: String
    public var contentType: String
    public var byteCount: Int64
    public var etag: String
    public var createdAt: Millis

    public init(
        id: String, requestID: String, accountID: String, contentType: String, byteCount: Int64, etag: String,
        createdAt: Millis
    ) {
        self.id = id
        self.requestID = requestID
        self.accountID = accountID
        self.contentType = contentType
        self.byteCount = byteCount
        self.etag = etag
        self.createdAt = createdAt
    }
}

public struct OpenHold: Sendable, Equatable {
    public var requestID: String
    public var accountID: String
    public var amountMicros: Int64
    public var createdAt: Millis
    /// Images the hold was taken for (0 for holds written before the count was kept).
    public var units: Int = 0
    /// The node that took it; nil for holds written before nodes were recorded.
    public var node: String?

    public init(requestID: String, accountID: String, amountMicros: Int64, createdAt: Millis, units: Int = 0, node: String? = nil) {
        self.node = node
        self.requestID = requestID
        self.accountID = accountID
        self.amountMicros = amountMicros
        self.createdAt = createdAt
        self.units = units
    }
}

/// One request's reservation: the amount, and the key limits it must stay within.
public struct HoldRequest: Sendable, Equatable {
    public var requestID: String
    public var accountID: String
    public var keyID: String?
    public var amount: Int64
    public var spendLimit: Int64?
    public var dailySpendLimit: Int64?
    public var at: Millis
    /// Images the hold covers; kept so that a hold a crash left open can be reported as the
    /// upstream images it may have cost the operator.
    public var units: Int = 0
    /// The node that took the hold. Only that node settles it while it lives; once its
    /// heartbeat is older than the horizon another node releases it (DESIGN.md §8).
    public var node: String?

    public init(
        requestID: String, accountID: String, keyID: String? = nil, amount: Int64, spendLimit: Int64? = nil,
        dailySpendLimit: Int64? = nil, at: Millis, units: Int = 0, node: String? = nil
    ) {
        self.units = units
        self.node = node
        self.requestID = requestID
        self.accountID = accountID
        self.keyID = keyID
        self.amount = amount
        self.spendLimit = spendLimit
        self.dailySpendLimit = dailySpendLimit
        self.at = at
    }

    /// The UTC day a hold counts against for daily limits.
    public var day: String { UTCDay.of(at) }
}

public enum UTCDay {
    public static func of(_ millis: Millis) -> String {
        let days = Int((millis / 1000) / 86_400)
        // Civil-from-days (Howard Hinnant), exact for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        // Written digit by digit: `String(format:)` goes through Foundation's formatter, and
        // every hold and settlement names its day (several per cent of the writer thread, profiled).
        guard (0...9999).contains(y) else { return String(format: "%04d-%02d-%02d", y, m, d) }
        let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-")
        let bytes: [UInt8] = [
            zero + UInt8(y / 1000), zero + UInt8(y / 100 % 10), zero + UInt8(y / 10 % 10), zero + UInt8(y % 10), dash,
            zero + UInt8(m / 10), zero + UInt8(m % 10), dash, zero + UInt8(d / 10), zero + UInt8(d % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }
}

public enum HoldOutcome: Sendable, Equatable {
    case held(balanceAfter: Int64)
    /// The balance did not cover the amount; nothing was written.
    case insufficient(balance: Int64)
    /// The key's lifetime or daily spend limit would be exceeded; nothing was written.
    case keySpendLimit(limit: Int64, spent: Int64)
    case keyDailyLimit(limit: Int64, spent: Int64)
    /// A hold for this request id already exists; nothing was written.
    case duplicate
    case noSuchAccount
}

public enum SettleOutcome: Sendable, Equatable {
    case settled(chargedMicros: Int64)
    /// Already settled: the earlier settlement stands and nothing was written.
    case alreadySettled
    case noHold
}

public struct AuditFinding: Sendable, Equatable, CustomStringConvertible {
    public var accountID: String
    public var problem: String

    public init(accountID: String, problem: String) {
        self.accountID = accountID
        self.problem = problem
    }
    public var description: String { "\(accountID): \(problem)" }
}
