import GRDB
import Gateway

extension SQLiteStore {
    /// Why a hold was refused inside its transaction. Thrown to roll the transaction back, then
    /// turned into the outcome.
    private struct Refusal: Error { let outcome: HoldOutcome }

    /// Four statements on the writer, which every request's hold passes through: the ledger row
    /// first (its unique index answers "held already?" in the same step), the key's spend, and
    /// the balance update that checks and returns the balance at once. A refusal after the
    /// ledger row rolls it back with the write's savepoint.
    public func hold(_ h: HoldRequest) async throws -> HoldOutcome {
        precondition(h.amount >= 0, "a hold is never negative")
        do {
            return try await batcher.write { db in
                do {
                    try db.run("""
                        INSERT INTO ledger (account_id, key_id, request_id, kind, amount_micros, charge_micros, memo, created_at, units, node_id)
                        VALUES (?, ?, ?, 'hold', ?, NULL, NULL, ?, ?, ?) ON CONFLICT(request_id, kind) DO NOTHING
                        """, [h.accountID, h.keyID, h.requestID, -h.amount, h.at, h.units > 0 ? h.units : nil, h.node])
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                    throw Refusal(outcome: .noSuchAccount)
                }
                guard db.changesCount == 1 else { return HoldOutcome.duplicate }
                if let keyID = h.keyID {
                    try Self.reserveKeySpend(db, keyID: keyID, hold: h)
                }
                guard let after = try db.value(
                    Int64.self, "UPDATE accounts SET balance_micros = balance_micros - ? WHERE id = ? AND balance_micros >= ? RETURNING balance_micros",
                    [h.amount, h.accountID, h.amount])
                else {
                    let balance = try db.value(Int64.self, "SELECT balance_micros FROM accounts WHERE id = ?", [h.accountID])
                    throw Refusal(outcome: balance.map { .insufficient(balance: $0) } ?? .noSuchAccount)
                }
                return HoldOutcome.held(balanceAfter: after)
            }
        } catch let refusal as Refusal {
            return refusal.outcome
        }
    }

    /// Counts the hold against the key's lifetime and daily spend, refusing past either limit.
    /// The spend so far is read only for a limit that is set.
    private static func reserveKeySpend(_ db: Database, keyID: String, hold h: HoldRequest) throws {
        let day = h.day
        if let limit = h.spendLimit {
            let spent = try db.value(Int64.self, "SELECT spent_micros FROM api_keys WHERE id = ?", [keyID]) ?? 0
            if spent + h.amount > limit { throw Refusal(outcome: .keySpendLimit(limit: limit, spent: spent)) }
        }
        if let limit = h.dailySpendLimit {
            let today = try db.value(Int64.self, "SELECT spent_micros FROM key_daily_spend WHERE key_id = ? AND day = ?", [keyID, day]) ?? 0
            if today + h.amount > limit { throw Refusal(outcome: .keyDailyLimit(limit: limit, spent: today)) }
        }
        try db.run("UPDATE api_keys SET spent_micros = spent_micros + ? WHERE id = ?", [h.amount, keyID])
        try db.run("""
                INSERT INTO key_daily_spend (key_id, day, spent_micros) VALUES (?, ?, ?)
                ON CONFLICT(key_id, day) DO UPDATE SET spent_micros = spent_micros + excluded.spent_micros
                """, [keyID, day, h.amount])
    }

    public func settle(requestID: String, charge: Int64, at: Millis) async throws -> SettleOutcome {
        try await batcher.write { db in try Self.settle(db, requestID: requestID, charge: charge, at: at) }
    }

    public func settle(requestID: String, charge: Int64, at: Millis, usage: UsageRecord) async throws -> SettleOutcome {
        try await settle(requestID: requestID, charge: charge, at: at, usage: usage, task: nil, losses: [])
    }

    public func settle(
        requestID: String, charge: Int64, at: Millis, usage: UsageRecord?, task: TaskFinish?, losses: [OperatorLoss]
    ) async throws -> SettleOutcome {
        try await batcher.write { db in
            let outcome = try Self.settle(db, requestID: requestID, charge: charge, at: at)
            if let usage { try Self.insertUsage(db, usage) }
            if let task { try Self.finishTask(db, task, at: at) }
            // A second settlement of the same request changes no money, and its losses were
            // recorded by the first: recording them again would count them twice.
            if outcome != .alreadySettled {
                for loss in losses { try Self.insertLoss(db, loss) }
            }
            return outcome
        }
    }

    public func recordLosses(_ losses: [OperatorLoss]) async throws {
        guard !losses.isEmpty else { return }
        try await batcher.write { db in
            for loss in losses { try Self.insertLoss(db, loss) }
        }
    }

    public func losses(since: Millis?, limit: Int) async throws -> [OperatorLoss] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM operator_losses WHERE created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?",
                arguments: [since ?? 0, limit]
            ).map { row in
                OperatorLoss(
                    requestID: row["request_id"], accountID: row["account_id"], channel: row["channel"], images: row["images"],
                    reason: OperatorLossReason(rawValue: row["reason"]) ?? .interrupted, createdAt: row["created_at"])
            }
        }
    }

    static func insertLoss(_ db: Database, _ loss: OperatorLoss) throws {
        try db.run(
            "INSERT INTO operator_losses (request_id, account_id, channel, images, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [loss.requestID, loss.accountID, loss.channel, loss.images, loss.reason.rawValue, loss.createdAt])
    }

    static func settle(_ db: Database, requestID: String, charge: Int64, at: Millis) throws -> SettleOutcome {
        guard let hold = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT account_id, key_id, amount_micros, created_at FROM ledger WHERE request_id = ? AND kind = 'hold'"),
            arguments: [requestID])
        else { return SettleOutcome.noHold }
        let accountID: String = hold["account_id"]
        let keyID: String? = hold["key_id"]
        let held: Int64 = -(hold["amount_micros"] as Int64)
        // Never keep more than was held, never less than nothing.
        let kept = min(max(charge, 0), held)
        let returned = held - kept
        // The settlement row first: the unique (request_id, kind) index makes a second
        // settlement of the same request a no-op in the same step that writes the first.
        try db.run("""
                INSERT INTO ledger (account_id, key_id, request_id, kind, amount_micros, charge_micros, memo, created_at)
                VALUES (?, ?, ?, 'settle', ?, ?, NULL, ?) ON CONFLICT(request_id, kind) DO NOTHING
                """, [accountID, keyID, requestID, returned, kept, at])
        guard db.changesCount == 1 else { return SettleOutcome.alreadySettled }
        if returned > 0 {
            try db.run("UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ?", [returned, accountID])
        }
        if let keyID, returned > 0 {
            try db.run("UPDATE api_keys SET spent_micros = spent_micros - ? WHERE id = ?", [returned, keyID])
            try db.run("UPDATE key_daily_spend SET spent_micros = spent_micros - ? WHERE key_id = ? AND day = ?", [returned, keyID, UTCDay.of(hold["created_at"])])
        }
        return SettleOutcome.settled(chargedMicros: kept)
    }

    public func adjust(entryID: String, accountID: String, amount: Int64, kind: LedgerEntryKind, memo: String, at: Millis) async throws -> Int64? {
        try await pool.write { db in
            if try Self.entryExists(db, requestID: entryID, kind: kind.rawValue) {
                return try db.value(Int64.self, "SELECT balance_micros FROM accounts WHERE id = ?", [accountID])
            }
            try db.run("UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ? AND balance_micros + ? >= 0", [amount, accountID, amount])
            guard db.changesCount == 1 else { return nil }
            try Self.append(db, accountID: accountID, keyID: nil, requestID: entryID, kind: kind.rawValue, amount: amount, charge: nil, memo: memo, at: at)
            return try db.value(Int64.self, "SELECT balance_micros FROM accounts WHERE id = ?", [accountID])
        }
    }

    public func openHolds(olderThan cutoff: Millis) async throws -> [OpenHold] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.request_id, h.account_id, -h.amount_micros AS amount, h.created_at, COALESCE(h.units, 0) AS units, h.node_id
                FROM ledger h
                WHERE h.kind = 'hold' AND h.created_at < ?
                  AND NOT EXISTS (SELECT 1 FROM ledger s WHERE s.request_id = h.request_id AND s.kind = 'settle')
                ORDER BY h.created_at
                """, arguments: [cutoff]
            ).map {
                OpenHold(
                    requestID: $0["request_id"], accountID: $0["account_id"], amountMicros: $0["amount"], createdAt: $0["created_at"],
                    units: $0["units"], node: $0["node_id"])
            }
        }
    }

    public func audit(horizon: Millis) async throws -> [AuditFinding] {
        let mismatches = try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.balance_micros, COALESCE(SUM(l.amount_micros), 0) AS ledger_sum
                FROM accounts a LEFT JOIN ledger l ON l.account_id = a.id
                GROUP BY a.id
                HAVING a.balance_micros != COALESCE(SUM(l.amount_micros), 0) OR a.balance_micros < 0
                """
            ).map { row -> AuditFinding in
                let balance: Int64 = row["balance_micros"], sum: Int64 = row["ledger_sum"]
                return AuditFinding(accountID: row["id"], problem: "balance \(balance) != ledger sum \(sum)")
            }
        }
        let stale = try await openHolds(olderThan: horizon).map {
            AuditFinding(accountID: $0.accountID, problem: "open hold \($0.requestID) of \($0.amountMicros) micros since \($0.createdAt)")
        }
        return mismatches + stale
    }

    static func entryExists(_ db: Database, requestID: String, kind: String) throws -> Bool {
        try db.value(Bool.self, "SELECT EXISTS (SELECT 1 FROM ledger WHERE request_id = ? AND kind = ?)", [requestID, kind]) ?? false
    }

    static func append(
        _ db: Database, accountID: String, keyID: String?, requestID: String, kind: String, amount: Int64, charge: Int64?,
        memo: String?, at: Millis
    ) throws {
        try db.run("""
                INSERT INTO ledger (account_id, key_id, request_id, kind, amount_micros, charge_micros, memo, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [accountID, keyID, requestID, kind, amount, charge, memo, at])
    }
}
