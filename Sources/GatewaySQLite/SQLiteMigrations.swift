import Foundation
import GRDB
import Gateway

/// The schema as ordered, named steps. A step, once shipped, never changes: add a new one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-accounts-keys") { db in
            try db.create(table: "tiers") { t in
                t.primaryKey("name", .text)
                t.column("multiplier_ppm", .integer).notNull()
            }
            try db.create(table: "accounts") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("tier", .text).notNull().defaults(to: "default")
                // The CHECK is a second line of defence: the conditional update is the first.
                t.column("balance_micros", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                t.column("created_at", .integer).notNull()
                t.column("disabled_at", .integer)
            }
            try db.create(table: "api_keys") { t in
                t.primaryKey("id", .text)
                t.column("account_id", .text).notNull().references("accounts").indexed()
                t.column("prefix", .text).notNull()
                t.column("hash", .text).notNull().unique()
                t.column("label", .text).notNull()
                t.column("is_test", .boolean).notNull().defaults(to: false)
                t.column("created_at", .integer).notNull()
                t.column("expires_at", .integer)
                t.column("revoked_at", .integer)
                t.column("last_used_at", .integer)
            }
            try db.create(table: "settings") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v1-ledger") { db in
            // Append-only. Balance = sum(amount_micros) per account, which `audit` proves.
            try db.create(table: "ledger") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("account_id", .text).notNull().references("accounts").indexed()
                t.column("request_id", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("amount_micros", .integer).notNull()
                t.column("charge_micros", .integer)
                t.column("memo", .text)
                t.column("created_at", .integer).notNull()
                // One hold and one settlement per request id: a retry can never charge twice.
                t.uniqueKey(["request_id", "kind"])
            }
            try db.create(indexOn: "ledger", columns: ["kind", "created_at"])
        }
        migrator.registerMigration("v1-prices-usage-images") { db in
            try db.create(table: "prices") { t in
                t.column("operation", .text).notNull()
                t.column("variant", .text).notNull()
                t.column("micros", .integer).notNull().check { $0 >= 0 }
                t.column("updated_at", .integer).notNull()
                t.primaryKey(["operation", "variant"])
            }
            try db.create(table: "usage") { t in
                t.primaryKey("request_id", .text)
                t.column("account_id", .text).indexed()
                t.column("key_id", .text)
                t.column("operation", .text).notNull()
                t.column("variant", .text)
                t.column("images_requested", .integer).notNull()
                t.column("images_delivered", .integer).notNull()
                t.column("unit_price_micros", .integer).notNull()
                t.column("charged_micros", .integer).notNull()
                t.column("status", .integer).notNull()
                t.column("error_code", .text)
                t.column("latency_millis", .integer).notNull()
                t.column("channel", .text)
                t.column("created_at", .integer).notNull().indexed()
            }
            try db.create(table: "images") { t in
                t.primaryKey("id", .text)
                t.column("request_id", .text).notNull().indexed()
                t.column("account_id", .text).notNull().indexed()
                t.column("content_type", .text).notNull()
                t.column("byte_count", .integer).notNull()
                t.column("etag", .text).notNull()
                t.column("created_at", .integer).notNull()
            }
        }
        migrator.registerMigration("v2-key-scopes-codes") { db in
            try db.alter(table: "api_keys") { t in
                // JSON of `KeyScope`; '{}' allows everything.
                t.add(column: "scope", .text).notNull().defaults(to: "{}")
                // Lifetime spend including open holds, kept in step with the ledger by hold and
                // settle, so a spend limit is checked in the same atomic step as the balance.
                t.add(column: "spent_micros", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "key_daily_spend") { t in
                t.column("key_id", .text).notNull()
                t.column("day", .text).notNull()
                t.column("spent_micros", .integer).notNull()
                t.primaryKey(["key_id", "day"])
            }
            try db.alter(table: "ledger") { t in
                t.add(column: "key_id", .text)
            }
            try db.create(table: "redemption_codes") { t in
                // Codes are bearer secrets like keys: only their hash is kept.
                t.primaryKey("code_hash", .text)
                t.column("prefix", .text).notNull()
                t.column("batch", .text).notNull().indexed()
                t.column("amount_micros", .integer).notNull().check { $0 > 0 }
                t.column("created_at", .integer).notNull()
                t.column("expires_at", .integer)
                t.column("redeemed_by", .text)
                t.column("redeemed_at", .integer)
                t.column("memo", .text)
            }
        }
        migrator.registerMigration("v3-channels") { db in
            try db.create(table: "channels") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("base_url", .text).notNull()
                // Ciphertext only (ChannelKeyCipher); the key to it lives outside the database.
                t.column("encrypted_key", .text)
                t.column("priority", .integer).notNull().defaults(to: 0)
                t.column("weight", .integer).notNull().defaults(to: 1).check { $0 >= 1 }
                t.column("max_inflight_images", .integer).notNull().defaults(to: 10).check { $0 >= 1 }
                t.column("enabled", .boolean).notNull().defaults(to: true)
                t.column("disabled_reason", .text)
                t.column("rehost", .text).notNull().defaults(to: "rehost")
                // JSON array of host names.
                t.column("allowed_image_hosts", .text).notNull().defaults(to: "[]")
                t.column("connect_timeout_millis", .integer).notNull()
                t.column("read_timeout_millis", .integer).notNull()
                t.column("total_timeout_millis", .integer).notNull()
                t.column("created_at", .integer).notNull()
                t.column("updated_at", .integer).notNull()
            }
            // A fresh install (and an upgraded one, which served from the sandbox until now) starts
            // with the sandbox channel, so it works before the operator adds a real key.
            let now = Date().millis
            try db.execute(
                sql: """
                    INSERT INTO channels (id, name, kind, base_url, priority, weight, max_inflight_images, enabled,
                        rehost, allowed_image_hosts, connect_timeout_millis, read_timeout_millis, total_timeout_millis,
                        created_at, updated_at)
                    VALUES ('ch_sandbox', 'sandbox', 'sandbox', '', 0, 1, 10, 1, 'rehost', '[]', 0, 0, 180000, ?, ?)
                    """,
                arguments: [now, now])
        }
        migrator.registerMigration("v4-tasks-idempotency") { db in
            // Asynchronous requests: the task row outlives the HTTP exchange that created it.
            try db.create(table: "tasks") { t in
                t.primaryKey("id", .text)
                t.column("account_id", .text).notNull().indexed()
                t.column("request_id", .text).notNull()
                t.column("operation", .text).notNull()
                t.column("status", .text).notNull()
                t.column("http_status", .integer)
                t.column("result", .blob)
                t.column("webhook_url", .text)
                t.column("created_at", .integer).notNull()
                t.column("updated_at", .integer).notNull()
            }
            try db.create(table: "webhook_deliveries") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("task_id", .text).notNull().indexed()
                t.column("attempt", .integer).notNull()
                t.column("http_status", .integer)
                t.column("error", .text)
                t.column("at", .integer).notNull()
            }
            // One row per (account, Idempotency-Key): the first request's fingerprint and, once it
            // has finished, its response to replay.
            try db.create(table: "idempotency") { t in
                t.column("account_id", .text).notNull()
                t.column("key", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("http_status", .integer)
                t.column("headers", .text)
                t.column("body", .blob)
                t.column("created_at", .integer).notNull()
                t.primaryKey(["account_id", "key"])
            }
        }
        migrator.registerMigration("v5-console-users") { db in
            // People who sign in to /console; each owns one account.
            try db.create(table: "console_users") { t in
                t.primaryKey("id", .text)
                t.column("email", .text).notNull().unique()
                t.column("password_hash", .text).notNull()
                t.column("account_id", .text).notNull().references("accounts").indexed()
                t.column("console_key_id", .text)
                // The playground's key, sealed with the channel cipher (its key is not in the database).
                t.column("console_key_sealed", .text)
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "console_sessions") { t in
                // SHA-256 of the cookie token: a copy of the database opens no session.
                t.primaryKey("token_hash", .text)
                t.column("user_id", .text)
                t.column("is_admin", .boolean).notNull().defaults(to: false)
                t.column("csrf_token", .text).notNull()
                t.column("created_at", .integer).notNull()
                t.column("expires_at", .integer).notNull().indexed()
                t.column("last_secret_sealed", .text)
            }
            // Prompt and seed of the images the console asked for (the images table keeps bytes only).
            try db.create(table: "console_images") { t in
                t.primaryKey("image_id", .text)
                t.column("account_id", .text).notNull().indexed()
                t.column("operation", .text).notNull()
                t.column("prompt", .text)
                t.column("seed", .integer)
                t.column("resolution", .text)
                t.column("created_at", .integer).notNull()
            }
        }
        migrator.registerMigration("v6-catalog-version") { db in
            // Bumped by triggers whenever something the request path caches changes — keys,
            // accounts' tier or status, prices, tiers, settings — so a gateway process notices
            // changes made by another process (the CLI) without reading them per request.
            try db.create(table: "catalog_version") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("version", .integer).notNull()
            }
            try db.execute(sql: "INSERT INTO catalog_version (id, version) VALUES (1, 0)")
            let bump = "BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END"
            let watched: [(table: String, updateColumns: String?)] = [
                ("api_keys", "revoked_at, expires_at, scope, label, account_id, hash, is_test"),
                ("accounts", "tier, disabled_at, name"),
                ("prices", nil), ("tiers", nil), ("settings", nil),
            ]
            for (table, columns) in watched {
                try db.execute(sql: "CREATE TRIGGER catalog_\(table)_insert AFTER INSERT ON \(table) \(bump)")
                try db.execute(sql: "CREATE TRIGGER catalog_\(table)_delete AFTER DELETE ON \(table) \(bump)")
                let of = columns.map { " OF \($0)" } ?? ""
                try db.execute(sql: "CREATE TRIGGER catalog_\(table)_update AFTER UPDATE\(of) ON \(table) \(bump)")
            }
        }
        migrator.registerMigration("v7-losses-and-claims") { db in
            // Images a hold was taken for, so a hold left by a crash can be reported as a
            // possible operator loss in images, not only in money.
            try db.alter(table: "ledger") { t in t.add(column: "units", .integer) }
            try db.create(table: "operator_losses") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("request_id", .text).notNull().indexed()
                t.column("account_id", .text).notNull()
                t.column("channel", .text)
                t.column("images", .integer).notNull()
                t.column("reason", .text).notNull()
                t.column("created_at", .integer).notNull().indexed()
            }
            // Pruning keys older than a day must not scan the table.
            try db.create(index: "idempotency_created_at", on: "idempotency", columns: ["created_at"])
        }
        migrator.registerMigration("v8-nodes") { db in
            // Which node took each hold, runs each task and holds each Idempotency-Key claim, so
            // only a dead node's work is ever released (DESIGN.md §8). Null on older rows.
            try db.alter(table: "ledger") { t in t.add(column: "node_id", .text) }
            try db.alter(table: "tasks") { t in t.add(column: "node_id", .text) }
            try db.alter(table: "idempotency") { t in t.add(column: "node_id", .text) }
            try db.create(table: "nodes") { t in
                t.primaryKey("id", .text)
                t.column("host", .text).notNull()
                t.column("started_at", .integer).notNull()
                t.column("last_seen", .integer).notNull()
            }
            // Kept for one schema on both backends; the embedded store leases nothing.
            try db.create(table: "slot_leases") { t in
                t.primaryKey("id", .text)
                t.column("channel_id", .text).notNull().indexed()
                t.column("node_id", .text).notNull().indexed()
                t.column("images", .integer).notNull()
                t.column("expires_at", .integer).notNull()
            }
        }
        migrator.registerMigration("v9-remote-cancel") { db in
            // A cancellation asked of one node for a task another node runs.
            try db.alter(table: "tasks") { t in t.add(column: "cancel_requested_at", .integer) }
        }
        migrator.registerMigration("v10-console-key-unsealed") { db in
            // The playground runs as the signed-in user and no longer needs its key's secret:
            // what earlier versions kept (sealed) is wiped. The column stays, always empty.
            try db.execute(sql: "UPDATE console_users SET console_key_sealed = NULL")
        }
        migrator.registerMigration("v11-relayed-generations") { db in
            // Relayed generations leave the settings table, where each one invalidated the
            // catalogue cache, for a table of their own that is pruned.
            try db.create(table: "relayed_generations") { t in
                t.primaryKey("id", .text)
                t.column("account_id", .text).notNull()
                t.column("channel_id", .text)
                t.column("answer", .blob)
                t.column("created_at", .integer).notNull().indexed()
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let owners = try Row.fetchAll(db, sql: "SELECT key, value FROM settings WHERE key LIKE 'relay.generation.%'")
            for row in owners {
                let key: String = row["key"], value: String = row["value"]
                let parts = value.split(separator: "\t", maxSplits: 1).map(String.init)
                guard let account = parts.first else { continue }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO relayed_generations (id, account_id, channel_id, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [String(key.dropFirst("relay.generation.".count)), account, parts.count > 1 ? parts[1] : nil, now])
            }
            let answers = try Row.fetchAll(db, sql: "SELECT key, value FROM settings WHERE key LIKE 'relay.generation-result.%'")
            for row in answers {
                let key: String = row["key"], value: String = row["value"]
                guard let answer = Data(base64Encoded: value) else { continue }
                try db.execute(
                    sql: "UPDATE relayed_generations SET answer = ? WHERE id = ?",
                    arguments: [answer, String(key.dropFirst("relay.generation-result.".count))])
            }
            try db.execute(sql: "DELETE FROM settings WHERE key LIKE 'relay.generation.%' OR key LIKE 'relay.generation-result.%'")
        }
        return migrator
    }
}
