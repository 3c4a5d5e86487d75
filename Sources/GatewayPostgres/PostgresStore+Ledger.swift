import Gateway
import PostgresNIO

/// The money. Each rule is a transaction of conditional statements whose row locks and unique
/// indexes decide every race: nothing is read, judged in Swift, then written.
///
/// Lock order is the same everywhere — the ledger row, then the key, then its daily spend, then
/// the account — so a hold and a settlement of one key never deadlock.
extension PostgresStore {
    /// Why a money step was refused inside its transaction. Thrown to roll the transaction back,
    /// then turned into the outcome.
    private struct Refusal: Error { let outcome: HoldOutcome }

    public func hold(_ h: HoldRequest) async throws -> HoldOutcome {
        precondition(h.amount >= 0, "a hold is never negative")
        do {
            return try await write { s -> HoldOutcome in
                // The ledger row first: its unique (request_id, kind) index answers "held
                // already?" in the same step that records the hold; a concurrent twin waits for
                // this transaction and then finds the row.
                let inserted: Int
                do {
                    let units: Int? = h.units > 0 ? h.units : nil
                    inserted = try await s.execute("""
                        INSERT INTO ledger (account_id, key_id, request_id, kind, amount_micros, created_at, units, node_id)
                        VALUES (\(h.accountID), \(h.keyID), \(h.requestID), 'hold', \(-h.amount), \(h.at), \(units), \(h.node))
                        ON CONFLICT (request_id, kind) DO NOTHING RETURNING 1
                        """)
                } catch let error as PSQLError where error.sqlState == SQLState.foreignKeyViolation {
                    throw Refusal(outcome: .noSuchAccount)
                }
                guard inserted == 1 else { return HoldOutcome.duplicate }
                if let keyID = h.keyID { try await Self.reserveKeySpend(s, keyID: keyID, hold: h) }
                if let after = try await s.value(Int64.self, """
                    UPDATE accounts SET balance_micros = balance_micros - \(h.amount)
                    WHERE id = \(h.accountID) AND balance_micros >= \(h.amount) RETURNING balance_micros
                    """)
                {
                    return HoldOutcome.held(balanceAfter: after)
                }
                let balance = try await s.value(Int64.self, "SELECT balance_micros FROM accounts WHERE id = \(h.accountID)")
                throw Refusal(outcome: balance.map { .insufficient(balance: $0) } ?? .noSuchAccount)
            }
        } catch let refusal as Refusal {
            return refusal.outcome
        }
    }

    /// Counts the hold against the key's lifetime and daily spend, each a conditional update
    /// that refuses past its limit. The spend reported with a refusal is read after it, when the
    /// writers it waited for have committed.
    private static func reserveKeySpend(_ s: Session, keyID: String, hold h: HoldRequest) async throws {
        let lifetime = try await s.execute("""
            UPDATE api_keys SET spent_micros = spent_micros + \(h.amount)
            WHERE id = \(keyID) AND (\(h.spendLimit)::BIGINT IS NULL OR spent_micros + \(h.amount) <= \(h.spendLimit)::BIGINT)
            RETURNING 1
            """)
        if lifetime == 0, let limit = h.spendLimit,
           let spent = try await s.value(Int64.self, "SELECT spent_micros FROM api_keys WHERE id = \(keyID)")
        {
            throw Refusal(outcome: .keySpendLimit(limit: limit, spent: spent))
        }
        let day = h.day
        func refuseDaily(_ limit: Int64) async throws -> Never {
            let today = try await s.value(
                Int64.self, "SELECT spent_micros FROM key_daily_spend WHERE key_id = \(keyID) AND day = \(day)") ?? 0
            throw Refusal(outcome: .keyDailyLimit(limit: limit, spent: today))
        }
        if let limit = h.dailySpendLimit, h.amount > limit { try await refuseDaily(limit) }
        let daily = try await s.execute("""
            INSERT INTO key_daily_spend (key_id, day, spent_micros) VALUES (\(keyID), \(day), \(h.amount))
            ON CONFLICT (key_id, day) DO UPDATE SET spent_micros = key_daily_spend.spent_micros + excluded.spent_micros
            WHERE \(h.dailySpendLimit)::BIGINT IS NULL
               OR key_daily_spend.spent_micros + excluded.spent_micros <= \(h.dailySpendLimit)::BIGINT
            RETURNING 1
            """)
        if daily == 0, let limit = h.dailySpendLimit { try await refuseDaily(limit) }
    }

    public func settle(requestID: String, charge: Int64, at: Millis) async throws -> SettleOutcome {
        try await write { s in try await Self.settle(s, requestID: requestID, charge: charge, at: at) }
    }

    public func settle(requestID: String, charge: Int64, at: Millis, usage: UsageRecord) async throws -> SettleOutcome {
        try await settle(requestID: requestID, charge: charge, at: at, usage: usage, task: nil, losses: [])
    }

    public func settle(
        requestID: String, charge: Int64, at: Millis, usage: UsageRecord?, task: TaskFinish?, losses: [OperatorLoss]
    ) async throws -> SettleOutcome {
        try await write { s -> SettleOutcome in
            let outcome = try await Self.settle(s, requestID: requestID, charge: charge, at: at)
            if let usage { try await Self.insertUsage(s, usage) }
            if let task { try await Self.finishTask(s, task, at: at) }
            // A second settlement of the same request changes no money, and its losses were
            // recorded by the first: recording them again would count them twice.
            if outcome != .alreadySettled {
                for loss in losses { try await Self.insertLoss(s, loss) }
            }
            return outcome
        }
    }

    static func settle(_ s: Session, requestID: String, charge: Int64, at: Millis) async throws -> SettleOutcome {
        guard let hold = try await s.row(
            "SELECT account_id, key_id, amount_micros, created_at FROM ledger WHERE request_id = \(requestID) AND kind = 'hold'")
        else { return .noHold }
        let accountID: String = try hold.get("account_id")
        let keyID: String? = try hold.get("key_id")
        let held = -(try hold.get("amount_micros", as: Int64.self))
        let heldAt: Millis = try hold.get("created_at")
        // Never keep more than was held, never less than nothing.
        let kept = min(max(charge, 0), held)
        let returned = held - kept
        // The settlement row first: the unique (request_id, kind) index lets exactly one
        // settlement of a request through, however many race.
        let inserted = try await s.execute("""
            INSERT INTO ledger (account_id, key_id, request_id, kind, amount_micros, charge_micros, created_at)
            VALUES (\(accountID), \(keyID), \(requestID), 'settle', \(returned), \(kept), \(at))
            ON CONFLICT (request_id, kind) DO NOTHING RETURNING 1
            """)
        guard inserted == 1 else { return .alreadySettled }
        if let keyID, returned > 0 {
            try await s.execute("UPDATE api_keys SET spent_micros = spent_micros - \(returned) WHERE id = \(keyID)")
            try await s.execute("""
                UPDATE key_daily_spend SET spent_micros = spent_micros - \(returned)
                WHERE key_id = \(keyID) AND day = \(UTCDay.of(heldAt))
                """)
        }
        if returned > 0 {
            try await s.execute("UPDATE accounts SET balance_micros = balance_micros + \(returned) WHERE id = \(accountID)")
        }
        return .settled(chargedMicros: kept)
    }

    public func adjust(entryID: String, accountID: String, amount: Int64, kind: LedgerEntryKind, memo: String, at: Millis) async throws -> Int64? {
        struct Refused: Error {}
        do {
            return try await write { s -> Int64? in
                // The entry first: a second adjustment with the same id waits for the first to
                // commit, then changes nothing and reports the balance.
                let inserted: Int
                do {
                    inserted = try await s.execute("""
                        INSERT INTO ledger (account_id, request_id, kind, amount_micros, memo, created_at)
                        VALUES (\(accountID), \(entryID), \(kind.rawValue), \(amount), \(memo), \(at))
                        ON CONFLICT (request_id, kind) DO NOTHING RETURNING 1
                        """)
                } catch let error as PSQLError where error.sqlState == SQLState.foreignKeyViolation {
                    throw Refused()
                }
                guard inserted == 1 else {
                    return try await s.value(Int64.self, "SELECT balance_micros FROM accounts WHERE id = \(accountID)")
                }
                guard let after = try await s.value(Int64.self, """
                    UPDATE accounts SET balance_micros = balance_micros + \(amount)
                    WHERE id = \(accountID) AND balance_micros + \(amount) >= 0 RETURNING balance_micros
                    """)
                else { throw Refused() }
                return after
            }
        } catch is Refused {
            return nil
        }
    }

    public func openHolds(olderThan cutoff: Millis) async throws -> [OpenHold] {
        try await session { s in
            try await s.rows("""
                SELECT h.request_id, h.account_id, -h.amount_micros AS amount, h.created_at, COALESCE(h.units, 0) AS units, h.node_id
                FROM ledger h
                WHERE h.kind = 'hold' AND h.created_at < \(cutoff)
                  AND NOT EXISTS (SELECT 1 FROM ledger s WHERE s.request_id = h.request_id AND s.kind = 'settle')
                ORDER BY h.created_at, h.id
                """
            ).map { r in
                OpenHold(
                    requestID: try r.get("request_id"), accountID: try r.get("account_id"), amountMicros: try r.get("amount"),
                    createdAt: try r.get("created_at"), units: try r.get("units"), node: try r.get("node_id"))
            }
        }
    }

    public func audit(horizon: Millis) async throws -> [AuditFinding] {
        let mismatches = try await session { s in
            try await s.rows("""
                SELECT a.id, a.balance_micros, COALESCE(SUM(l.amount_micros), 0)::BIGINT AS ledger_sum
                FROM accounts a LEFT JOIN ledger l ON l.account_id = a.id
                GROUP BY a.id, a.balance_micros
                HAVING a.balance_micros != COALESCE(SUM(l.amount_micros), 0) OR a.balance_micros < 0
                ORDER BY a.id
                """
            ).map { r -> AuditFinding in
                let balance: Int64 = try r.get("balance_micros"), sum: Int64 = try r.get("ledger_sum")
                return AuditFinding(accountID: try r.get("id"), problem: "balance \(balance) != ledger sum \(sum)")
            }
        }
        let stale = try await openHolds(olderThan: horizon).map {
            AuditFinding(accountID: $0.accountID, problem: "open hold \($0.requestID) of \($0.amountMicros) micros since \($0.createdAt)")
        }
        return mismatches + stale
    }

    public func ledgerEntries(accountID: String, limit: Int, offset: Int) async throws -> [LedgerEntry] {
        try await session { s in
            try await s.rows("""
                SELECT id, account_id, key_id, request_id, kind, amount_micros, charge_micros, memo, created_at
                FROM ledger WHERE account_id = \(accountID) ORDER BY id DESC LIMIT \(limit) OFFSET \(offset)
                """
            ).map { r in
                LedgerEntry(
                    id: try r.get("id"), accountID: try r.get("account_id"), keyID: try r.get("key_id"),
                    requestID: try r.get("request_id"), kind: LedgerEntryKind(rawValue: try r.get("kind")) ?? .credit,
                    amountMicros: try r.get("amount_micros"), chargeMicros: try r.get("charge_micros"), memo: try r.get("memo"),
                    createdAt: try r.get("created_at"))
            }
        }
    }

    public func recordLosses(_ losses: [OperatorLoss]) async throws {
        guard !losses.isEmpty else { return }
        try await write { s in
            for loss in losses { try await Self.insertLoss(s, loss) }
        }
    }

    public func losses(since: Millis?, limit: Int) async throws -> [OperatorLoss] {
        try await session { s in
            try await s.rows("""
                SELECT * FROM operator_losses WHERE created_at >= \(since ?? 0)
                ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """
            ).map { r in
                OperatorLoss(
                    requestID: try r.get("request_id"), accountID: try r.get("account_id"), channel: try r.get("channel"),
                    images: try r.get("images"), reason: OperatorLossReason(rawValue: try r.get("reason")) ?? .interrupted,
                    createdAt: try r.get("created_at"))
            }
        }
    }

    static func insertLoss(_ s: Session, _ loss: OperatorLoss) async throws {
        try await s.execute("""
            INSERT INTO operator_losses (request_id, account_id, channel, images, reason, created_at)
            VALUES (\(loss.requestID), \(loss.accountID), \(loss.channel), \(loss.images), \(loss.reason.rawValue), \(loss.createdAt))
            """)
    }

    // MARK: Prepaid codes

    public func createRedemptionCodes(_ codes: [RedemptionCode]) async throws {
        // One transaction: a batch exists whole or not at all.
        try await write { s in
            for c in codes {
                try await s.execute("""
                    INSERT INTO redemption_codes (code_hash, prefix, batch, amount_micros, created_at, expires_at, memo)
                    VALUES (\(c.codeHash), \(c.prefix), \(c.batch), \(c.amountMicros), \(c.createdAt), \(c.expiresAt), \(c.memo))
                    """)
            }
        }
    }

    public func redemptionCodes(batch: String?, limit: Int, offset: Int) async throws -> [RedemptionCode] {
        try await session { s in
            try await s.rows("""
                SELECT * FROM redemption_codes WHERE (\(batch)::TEXT IS NULL OR batch = \(batch)::TEXT)
                ORDER BY created_at DESC, batch, prefix, code_hash LIMIT \(limit) OFFSET \(offset)
                """
            ).map { r in
                RedemptionCode(
                    codeHash: try r.get("code_hash"), prefix: try r.get("prefix"), batch: try r.get("batch"),
                    amountMicros: try r.get("amount_micros"), createdAt: try r.get("created_at"), expiresAt: try r.get("expires_at"),
                    redeemedBy: try r.get("redeemed_by"), redeemedAt: try r.get("redeemed_at"), memo: try r.get("memo"))
            }
        }
    }

    public func redeem(codeHash: String, accountID: String, at: Millis) async throws -> RedeemOutcome {
        struct NoSuchAccount: Error {}
        do {
            return try await write { s -> RedeemOutcome in
                // One conditional update marks the code: of any number of racing redemptions,
                // exactly one finds it unredeemed and unexpired.
                guard let code = try await s.row("""
                    UPDATE redemption_codes SET redeemed_by = \(accountID), redeemed_at = \(at)
                    WHERE code_hash = \(codeHash) AND redeemed_at IS NULL AND (expires_at IS NULL OR expires_at > \(at))
                    RETURNING prefix, amount_micros, memo
                    """)
                else {
                    // Why not, in the order the SQLite backend reports it.
                    guard let row = try await s.row("SELECT redeemed_at, expires_at FROM redemption_codes WHERE code_hash = \(codeHash)")
                    else { return RedeemOutcome.unknown }
                    if try row.get("redeemed_at", as: Millis?.self) != nil { return .alreadyRedeemed }
                    return .expired
                }
                let amount: Int64 = try code.get("amount_micros")
                guard let balance = try await s.value(
                    Int64.self, "UPDATE accounts SET balance_micros = balance_micros + \(amount) WHERE id = \(accountID) RETURNING balance_micros")
                else {
                    // Undo the mark: nothing in this transaction may stand without the credit.
                    throw NoSuchAccount()
                }
                let prefix: String = try code.get("prefix")
                let memo = ["code \(prefix)…", try code.get("memo", as: String?.self)].compactMap { $0 }.joined(separator: ": ")
                // The code's hash is its ledger id: the unique (request_id, kind) index is a
                // second guarantee that one code never pays out twice.
                try await s.execute("""
                    INSERT INTO ledger (account_id, request_id, kind, amount_micros, memo, created_at)
                    VALUES (\(accountID), \("code_" + codeHash), 'redemption', \(amount), \(memo), \(at))
                    """)
                return .redeemed(amountMicros: amount, balanceAfter: balance)
            }
        } catch is NoSuchAccount {
            return .noSuchAccount
        }
    }
}
