import Logging
import PostgresNIO

/// The schema as ordered, named steps, the same tables as the SQLite backend's final schema
/// (money in BIGINT micros). A step, once shipped, never changes: add a new one.
///
/// Several nodes may start at once against an empty database. Each takes a session-level
/// advisory lock first, so one node migrates while the others wait and then find every step
/// recorded in `schema_migrations`; each step commits together with its record.
enum PostgresMigrations {
    /// An arbitrary constant shared by every node: the key of the migration lock.
    static let lockKey: Int64 = 0x1DE0_6A7E

    struct Step {
        let name: String
        let statements: [String]
    }

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            let session = Session(connection: connection, logger: logger)
            try await session.execute("SELECT pg_advisory_lock(\(lockKey))")
            do {
                try await session.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
                let applied = Set(try await session.rows("SELECT name FROM schema_migrations").map { try $0.get("name", as: String.self) })
                for step in steps where !applied.contains(step.name) {
                    try await connection.withTransaction(logger: logger) { connection in
                        let session = Session(connection: connection, logger: logger)
                        for statement in step.statements {
                            try await session.execute(PostgresQuery(unsafeSQL: statement))
                        }
                        try await session.execute("""
                            INSERT INTO schema_migrations (name, applied_at)
                            VALUES (\(step.name), (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT)
                            """)
                    }
                    logger.info("database migrated", metadata: ["step": "\(step.name)"])
                }
            } catch {
                _ = try? await session.execute("SELECT pg_advisory_unlock(\(lockKey))")
                throw error
            }
            try await session.execute("SELECT pg_advisory_unlock(\(lockKey))")
        }
    }

    /// Tables the request path caches (`CachedCatalog`), and for updates the columns that matter
    /// to it: balance and spend updates — every request makes them — notify nobody.
    static let watched: [(table: String, updateColumns: String?)] = [
        ("api_keys", "revoked_at, expires_at, scope, label, account_id, hash, is_test"),
        ("accounts", "tier, disabled_at, name"),
        ("prices", nil), ("tiers", nil), ("settings", nil),
    ]

    static let steps: [Step] = [
        Step(name: "v1-schema", statements: [
            "CREATE TABLE tiers (name TEXT PRIMARY KEY, multiplier_ppm BIGINT NOT NULL)",
            """
            CREATE TABLE accounts (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                tier TEXT NOT NULL DEFAULT 'default',
                -- A second line of defence: the conditional update is the first.
                balance_micros BIGINT NOT NULL DEFAULT 0 CHECK (balance_micros >= 0),
                created_at BIGINT NOT NULL,
                disabled_at BIGINT)
            """,
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                prefix TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                label TEXT NOT NULL,
                is_test BOOLEAN NOT NULL DEFAULT FALSE,
                created_at BIGINT NOT NULL,
                expires_at BIGINT,
                revoked_at BIGINT,
                last_used_at BIGINT,
                -- JSON of KeyScope; '{}' allows everything.
                scope TEXT NOT NULL DEFAULT '{}',
                -- Lifetime spend including open holds, moved by hold and settle.
                spent_micros BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX api_keys_account_id ON api_keys (account_id)",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE key_daily_spend (
                key_id TEXT NOT NULL,
                day TEXT NOT NULL,
                spent_micros BIGINT NOT NULL,
                PRIMARY KEY (key_id, day))
            """,
            // Append-only. Balance = sum(amount_micros) per account, which `audit` proves.
            """
            CREATE TABLE ledger (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                key_id TEXT,
                request_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                amount_micros BIGINT NOT NULL,
                charge_micros BIGINT,
                memo TEXT,
                created_at BIGINT NOT NULL,
                units BIGINT,
                -- One hold and one settlement per request id: a retry can never charge twice.
                UNIQUE (request_id, kind))
            """,
            "CREATE INDEX ledger_account_id ON ledger (account_id)",
            "CREATE INDEX ledger_kind_created_at ON ledger (kind, created_at)",
            """
            CREATE TABLE prices (
                operation TEXT NOT NULL,
                variant TEXT NOT NULL,
                micros BIGINT NOT NULL CHECK (micros >= 0),
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (operation, variant))
            """,
            """
            CREATE TABLE usage (
                request_id TEXT PRIMARY KEY,
                account_id TEXT,
                key_id TEXT,
                operation TEXT NOT NULL,
                variant TEXT,
                images_requested BIGINT NOT NULL,
                images_delivered BIGINT NOT NULL,
                unit_price_micros BIGINT NOT NULL,
                charged_micros BIGINT NOT NULL,
                status BIGINT NOT NULL,
                error_code TEXT,
                latency_millis BIGINT NOT NULL,
                channel TEXT,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX usage_account_id ON usage (account_id)",
            "CREATE INDEX usage_created_at ON usage (created_at)",
            // `seq` keeps insertion order, which is the order a request's images were delivered in.
            """
            CREATE TABLE images (
                id TEXT PRIMARY KEY,
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                request_id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                content_type TEXT NOT NULL,
                byte_count BIGINT NOT NULL,
                etag TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX images_request_id ON images (request_id)",
            "CREATE INDEX images_account_id ON images (account_id)",
            // Codes are bearer secrets like keys: only their hash is kept.
            """
            CREATE TABLE redemption_codes (
                code_hash TEXT PRIMARY KEY,
                prefix TEXT NOT NULL,
                batch TEXT NOT NULL,
                amount_micros BIGINT NOT NULL CHECK (amount_micros > 0),
                created_at BIGINT NOT NULL,
                expires_at BIGINT,
                redeemed_by TEXT,
                redeemed_at BIGINT,
                memo TEXT)
            """,
            "CREATE INDEX redemption_codes_batch ON redemption_codes (batch)",
            """
            CREATE TABLE channels (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                base_url TEXT NOT NULL,
                -- Ciphertext only (ChannelKeyCipher); the key to it lives outside the database.
                encrypted_key TEXT,
                priority BIGINT NOT NULL DEFAULT 0,
                weight BIGINT NOT NULL DEFAULT 1 CHECK (weight >= 1),
                max_inflight_images BIGINT NOT NULL DEFAULT 10 CHECK (max_inflight_images >= 1),
                enabled BOOLEAN NOT NULL DEFAULT TRUE,
                disabled_reason TEXT,
                rehost TEXT NOT NULL DEFAULT 'rehost',
                allowed_image_hosts TEXT NOT NULL DEFAULT '[]',
                connect_timeout_millis BIGINT NOT NULL,
                read_timeout_millis BIGINT NOT NULL,
                total_timeout_millis BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            // A fresh install starts with the sandbox channel, so it works before the operator
            // adds a real key.
            """
            INSERT INTO channels (id, name, kind, base_url, priority, weight, max_inflight_images, enabled,
                rehost, allowed_image_hosts, connect_timeout_millis, read_timeout_millis, total_timeout_millis,
                created_at, updated_at)
            VALUES ('ch_sandbox', 'sandbox', 'sandbox', '', 0, 1, 10, TRUE, 'rehost', '[]', 0, 0, 180000,
                (extract(epoch FROM now()) * 1000)::BIGINT, (extract(epoch FROM now()) * 1000)::BIGINT)
            """,
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL,
                request_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                status TEXT NOT NULL,
                http_status BIGINT,
                result BYTEA,
                webhook_url TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX tasks_account_id ON tasks (account_id)",
            "CREATE INDEX tasks_unfinished ON tasks (created_at) WHERE status IN ('queued', 'running')",
            """
            CREATE TABLE webhook_deliveries (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                task_id TEXT NOT NULL,
                attempt BIGINT NOT NULL,
                http_status BIGINT,
                error TEXT,
                at BIGINT NOT NULL)
            """,
            "CREATE INDEX webhook_deliveries_task_id ON webhook_deliveries (task_id)",
            // One row per (account, Idempotency-Key): the first request's fingerprint and, once
            // it has finished, its response to replay.
            """
            CREATE TABLE idempotency (
                account_id TEXT NOT NULL,
                key TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                http_status BIGINT,
                headers TEXT,
                body BYTEA,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (account_id, key))
            """,
            "CREATE INDEX idempotency_created_at ON idempotency (created_at)",
            """
            CREATE TABLE console_users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                account_id TEXT NOT NULL REFERENCES accounts(id),
                console_key_id TEXT,
                console_key_sealed TEXT,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX console_users_account_id ON console_users (account_id)",
            // SHA-256 of the cookie token: a copy of the database opens no session.
            """
            CREATE TABLE console_sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT,
                is_admin BOOLEAN NOT NULL DEFAULT FALSE,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                last_secret_sealed TEXT)
            """,
            "CREATE INDEX console_sessions_expires_at ON console_sessions (expires_at)",
            """
            CREATE TABLE console_images (
                image_id TEXT PRIMARY KEY,
                account_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                prompt TEXT,
                seed BIGINT,
                resolution TEXT,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX console_images_account_id ON console_images (account_id)",
            """
            CREATE TABLE operator_losses (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                request_id TEXT NOT NULL,
                account_id TEXT NOT NULL,
                channel TEXT,
                images BIGINT NOT NULL,
                reason TEXT NOT NULL,
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX operator_losses_request_id ON operator_losses (request_id)",
            "CREATE INDEX operator_losses_created_at ON operator_losses (created_at)",
        ]),
        Step(name: "v1-catalog-notify", statements: catalogNotifyStatements),
        // Several nodes (DESIGN.md §8): which node took each hold, runs each task and holds each
        // Idempotency-Key claim, the nodes' heartbeats, and the channels' image-slot leases.
        Step(name: "v2-nodes", statements: [
            "ALTER TABLE ledger ADD COLUMN node_id TEXT",
            "ALTER TABLE tasks ADD COLUMN node_id TEXT",
            "ALTER TABLE idempotency ADD COLUMN node_id TEXT",
            "CREATE TABLE nodes (id TEXT PRIMARY KEY, host TEXT NOT NULL, started_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
            """
            CREATE TABLE slot_leases (
                id TEXT PRIMARY KEY,
                channel_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                images BIGINT NOT NULL,
                expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX slot_leases_channel ON slot_leases (channel_id, expires_at)",
            "CREATE INDEX slot_leases_node ON slot_leases (node_id)",
            // The reaping lists open holds on every heartbeat: holds without a settlement.
            "CREATE INDEX ledger_open_holds ON ledger (created_at) WHERE kind = 'hold'",
        ]),
        // A cancellation asked of one node for a task another node runs.
        Step(name: "v3-remote-cancel", statements: ["ALTER TABLE tasks ADD COLUMN cancel_requested_at BIGINT"]),
        // The playground runs as the signed-in user and no longer needs its key's secret.
        Step(name: "v4-console-key-unsealed", statements: ["ALTER TABLE console_users DROP COLUMN console_key_sealed"]),
        // Relayed generations leave the settings table, where each one invalidated every node's
        // catalogue cache, for a table of their own that is pruned.
        Step(name: "v5-relayed-generations", statements: [
            """
            CREATE TABLE relayed_generations (
                id TEXT PRIMARY KEY, account_id TEXT NOT NULL, channel_id TEXT, answer BYTEA, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX relayed_generations_created_at ON relayed_generations (created_at)",
            """
            INSERT INTO relayed_generations (id, account_id, channel_id, created_at)
            SELECT substr(key, length('relay.generation.') + 1), split_part(value, E'\\t', 1),
                   NULLIF(split_part(value, E'\\t', 2), ''), (extract(epoch FROM now()) * 1000)::BIGINT
            FROM settings WHERE key LIKE 'relay.generation.%'
            ON CONFLICT (id) DO NOTHING
            """,
            """
            UPDATE relayed_generations g SET answer = decode(s.value, 'base64')
            FROM settings s WHERE s.key = 'relay.generation-result.' || g.id
            """,
            "DELETE FROM settings WHERE key LIKE 'relay.generation.%' OR key LIKE 'relay.generation-result.%'",
        ]),
    ]

    /// Every committed change to a cached table notifies `ideogate_catalog`, inside the writing
    /// transaction, so the notice is delivered exactly when (and only if) the change commits —
    /// whoever wrote it: a node, the CLI, or an operator in psql. The payload is the writer's
    /// `application_name`, by which a node tells its own commits from others'.
    static var catalogNotifyStatements: [String] {
        var statements = [
            """
            CREATE FUNCTION ideogate_catalog_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('\(PostgresCatalogListener.channel)', current_setting('application_name'));
                RETURN NULL;
            END $$
            """,
        ]
        for (table, columns) in watched {
            statements.append("""
                CREATE TRIGGER catalog_\(table)_insert_delete AFTER INSERT OR DELETE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION ideogate_catalog_notify()
                """)
            let of = columns.map { " OF \($0)" } ?? ""
            statements.append("""
                CREATE TRIGGER catalog_\(table)_update AFTER UPDATE\(of) ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION ideogate_catalog_notify()
                """)
        }
        return statements
    }
}
