import Foundation
import GRDB
import Gateway

/// The reads and writes behind the admin API, the account API and the CLI.
extension SQLiteStore {
    public func updateAccount(_ account: Account) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE accounts SET name = ?, tier = ?, disabled_at = ? WHERE id = ?",
                arguments: [account.name, account.tier, account.disabledAt, account.id])
        }
    }

    public func key(id: String) async throws -> APIKeyRecord? {
        try await pool.read { db in try KeyRow.fetchOne(db, key: id)?.value }
    }

    public func keys(accountID: String?) async throws -> [APIKeyRecord] {
        try await pool.read { db in
            var request = KeyRow.order(Column("created_at"), Column("id"))
            if let accountID { request = request.filter(Column("account_id") == accountID) }
            return try request.fetchAll(db).map(\.value)
        }
    }

    public func updateKey(_ key: APIKeyRecord) async throws {
        let row = KeyRow(key)
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_keys SET label = ?, expires_at = ?, revoked_at = ?, scope = ? WHERE id = ?",
                arguments: [row.label, row.expiresAt, row.revokedAt, row.scope, row.id])
        }
    }

    public func tiers() async throws -> [Tier] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, multiplier_ppm FROM tiers ORDER BY name")
                .map { Tier(name: $0["name"], multiplierPPM: $0["multiplier_ppm"]) }
        }
    }

    public func ledgerEntries(accountID: String, limit: Int, offset: Int) async throws -> [LedgerEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, account_id, key_id, request_id, kind, amount_micros, charge_micros, memo, created_at
                    FROM ledger WHERE account_id = ? ORDER BY id DESC LIMIT ? OFFSET ?
                    """,
                arguments: [accountID, limit, offset]
            ).map { row in
                LedgerEntry(
                    id: row["id"], accountID: row["account_id"], keyID: row["key_id"], requestID: row["request_id"],
                    kind: LedgerEntryKind(rawValue: row["kind"]) ?? .credit, amountMicros: row["amount_micros"], chargeMicros: row["charge_micros"],
                    memo: row["memo"], createdAt: row["created_at"])
            }
        }
    }

    public func usage(_ q: UsageQuery) async throws -> [UsageRecord] {
        try await pool.read { db in
            var clauses: [String] = []
            var args: StatementArguments = []
            if let v = q.accountID { clauses.append("account_id = ?"); args += [v] }
            if let v = q.keyID { clauses.append("key_id = ?"); args += [v] }
            if let v = q.operation { clauses.append("operation = ?"); args += [v] }
            if let v = q.errorCode { clauses.append("error_code = ?"); args += [v] }
            switch q.status {
            case .exactly(let s): clauses.append("status = ?"); args += [s]
            case .succeeded: clauses.append("status BETWEEN 200 AND 299")
            case .failed: clauses.append("status NOT BETWEEN 200 AND 299")
            case nil: break
            }
            if let v = q.since { clauses.append("created_at >= ?"); args += [v] }
            if let v = q.until { clauses.append("created_at < ?"); args += [v] }
            if let c = q.after {
                // Newest first, ties broken by request id: "after" means older, or as old and later in id order.
                clauses.append("(created_at < ? OR (created_at = ? AND request_id > ?))")
                args += [c.createdAt, c.createdAt, c.requestID]
            }
            var sql = "SELECT * FROM usage"
            if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
            sql += " ORDER BY created_at DESC, request_id LIMIT ? OFFSET ?"
            args += [q.limit, q.offset]
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                UsageRecord(
                    requestID: row["request_id"], accountID: row["account_id"], keyID: row["key_id"],
                    operation: row["operation"], variant: row["variant"], imagesRequested: row["images_requested"],
                    imagesDelivered: row["images_delivered"], unitPriceMicros: row["unit_price_micros"],
                    chargedMicros: row["charged_micros"], status: row["status"], errorCode: row["error_code"],
                    latencyMillis: row["latency_millis"], channel: row["channel"], createdAt: row["created_at"])
            }
        }
    }

    public func createRedemptionCodes(_ codes: [RedemptionCode]) async throws {
        // One transaction: a batch exists whole or not at all.
        try await pool.write { db in
            for c in codes {
                try db.execute(
                    sql: """
                        INSERT INTO redemption_codes (code_hash, prefix, batch, amount_micros, created_at, expires_at, memo)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [c.codeHash, c.prefix, c.batch, c.amountMicros, c.createdAt, c.expiresAt, c.memo])
            }
        }
    }

    public func redemptionCodes(batch: String?, limit: Int, offset: Int) async throws -> [RedemptionCode] {
        try await pool.read { db in
            var sql = "SELECT * FROM redemption_codes"
            var args: StatementArguments = []
            if let batch {
                sql += " WHERE batch = ?"
                args += [batch]
            }
            sql += " ORDER BY created_at DESC, batch, prefix, code_hash LIMIT ? OFFSET ?"
            args += [limit, offset]
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                RedemptionCode(
                    codeHash: row["code_hash"], prefix: row["prefix"], batch: row["batch"], amountMicros: row["amount_micros"],
                    createdAt: row["created_at"], expiresAt: row["expires_at"], redeemedBy: row["redeemed_by"],
                    redeemedAt: row["redeemed_at"], memo: row["memo"])
            }
        }
    }

    public func redeem(codeHash: String, accountID: String, at: Millis) async throws -> RedeemOutcome {
        do {
            return try await redeemInTransaction(codeHash: codeHash, accountID: accountID, at: at)
        } catch RedeemRefusal.noSuchAccount {
            return .noSuchAccount
        }
    }

    private func redeemInTransaction(codeHash: String, accountID: String, at: Millis) async throws -> RedeemOutcome {
        try await pool.write { db in
            guard let code = try Row.fetchOne(
                db, sql: "SELECT prefix, amount_micros, expires_at, redeemed_at, memo FROM redemption_codes WHERE code_hash = ?",
                arguments: [codeHash])
            else { return .unknown }
            if (code["redeemed_at"] as Millis?) != nil { return .alreadyRedeemed }
            if let expiry = code["expires_at"] as Millis?, expiry <= at { return .expired }
            let amount: Int64 = code["amount_micros"]
            // The write transaction already serialises redemptions; the `IS NULL` guard keeps the
            // rule true even if this ever runs on a database that does not.
            try db.execute(
                sql: "UPDATE redemption_codes SET redeemed_by = ?, redeemed_at = ? WHERE code_hash = ? AND redeemed_at IS NULL",
                arguments: [accountID, at, codeHash])
            guard db.changesCount == 1 else { return .alreadyRedeemed }
            try db.execute(sql: "UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ?", arguments: [amount, accountID])
            guard db.changesCount == 1 else {
                // Undo the mark: nothing in this transaction may stand without the credit.
                throw RedeemRefusal.noSuchAccount
            }
            let prefix: String = code["prefix"]
            let memo = ["code \(prefix)…", code["memo"] as String?].compactMap { $0 }.joined(separator: ": ")
            // The code's hash is its ledger id: the unique (request_id, kind) index is a second
            // guarantee that one code never pays out twice.
            try Self.append(
                db, accountID: accountID, keyID: nil, requestID: "code_" + codeHash, kind: "redemption", amount: amount,
                charge: nil, memo: memo, at: at)
            let balance = try Int64.fetchOne(db, sql: "SELECT balance_micros FROM accounts WHERE id = ?", arguments: [accountID]) ?? 0
            return .redeemed(amountMicros: amount, balanceAfter: balance)
        }
    }

    public func setSetting(_ key: String, value: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    public func replaceAdminToken(hash: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [AdminToken.settingKey, hash])
            try db.execute(sql: "DELETE FROM console_sessions WHERE is_admin = 1")
        }
    }
}

/// Thrown inside the redemption transaction to roll it back.
private enum RedeemRefusal: Error { case noSuchAccount }
