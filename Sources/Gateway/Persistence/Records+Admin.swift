/// Values the admin and account surfaces read and write through the stores.

/// One row of the append-only ledger as people see it.
public struct LedgerEntry: Sendable, Equatable {
    public var id: Int64
    public var accountID: String
    public var keyID: String?
    /// The request id for holds and settlements; the adjustment or code id for top-ups.
    public var requestID: String
    public var kind: LedgerEntryKind
    /// The change to the balance: negative for holds and debits.
    public var amountMicros: Int64
    /// For settlements: what the request was charged in the end.
    public var chargeMicros: Int64?
    public var memo: String?
    public var createdAt: Millis

    public init(
        id: Int64, accountID: String, keyID: String? = nil, requestID: String, kind: LedgerEntryKind,
        amountMicros: Int64, chargeMicros: Int64? = nil, memo: String? = nil, createdAt: Millis
    ) {
        self.id = id
        self.accountID = accountID
        self.keyID = keyID
        self.requestID = requestID
        self.kind = kind
        self.amountMicros = amountMicros
        self.chargeMicros = chargeMicros
        self.memo = memo
        self.createdAt = createdAt
    }
}

/// A prepaid code. Like an API key it is a bearer secret, so only its hash is kept.
public struct RedemptionCode: Sendable, Equatable {
    public var codeHash: String
    /// The first group of the code (`IDG-7KQM`), to tell codes apart in lists.
    public var prefix: String
    public var batch: String
    public var amountMicros: Int64
    public var createdAt: Millis
    public var expiresAt: Millis?
    public var redeemedBy: String?
    public var redeemedAt: Millis?
    public var memo: String?

    public init(
        codeHash: String, prefix: String, batch: String, amountMicros: Int64, createdAt: Millis,
        expiresAt: Millis? = nil, redeemedBy: String? = nil, redeemedAt: Millis? = nil, memo: String? = nil
    ) {
        self.codeHash = codeHash
        self.prefix = prefix
        self.batch = batch
        self.amountMicros = amountMicros
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.redeemedBy = redeemedBy
        self.redeemedAt = redeemedAt
        self.memo = memo
    }
}

public enum RedeemOutcome: Sendable, Equatable {
    case redeemed(amountMicros: Int64, balanceAfter: Int64)
    case alreadyRedeemed
    case expired
    case unknown
    case noSuchAccount
}

/// Which usage rows to read: every filter is optional, rows come newest first.
public struct UsageQuery: Sendable, Equatable {
    public enum StatusFilter: Sendable, Equatable {
        case exactly(Int)
        /// 2xx answers.
        case succeeded
        /// Everything else.
        case failed
    }

    /// Where the previous page ended: rows strictly after this one in newest-first order. A
    /// cursor, unlike an offset, neither skips nor repeats rows while new ones arrive.
    public struct Cursor: Sendable, Equatable {
        public var createdAt: Millis
        public var requestID: String

        public init(createdAt: Millis, requestID: String) {
            self.createdAt = createdAt
            self.requestID = requestID
        }

        /// `<millis>.<request id>`: opaque to callers, readable in logs.
        public var token: String { "\(createdAt).\(requestID)" }

        public init?(token: String) {
            let parts = token.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let millis = Millis(parts[0]), !parts[1].isEmpty else { return nil }
            self.init(createdAt: millis, requestID: String(parts[1]))
        }
    }

    public var accountID: String?
    public var keyID: String?
    public var operation: String?
    public var status: StatusFilter?
    public var errorCode: String?
    /// Inclusive lower and exclusive upper bound on `created_at`.
    public var since: Millis?
    public var until: Millis?
    public var after: Cursor?
    public var limit: Int = 100
    public var offset: Int = 0

    public init() {}
}
