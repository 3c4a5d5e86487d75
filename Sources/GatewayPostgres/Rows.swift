import Foundation
import Gateway
import PostgresNIO

/// Rows into the gateway's values, one function per table. Column names are the SQLite
/// backend's, so the two schemas read alike.
enum Rows {
    static func account(_ r: PostgresRandomAccessRow) throws -> Account {
        Account(
            id: try r.get("id"), name: try r.get("name"), tier: try r.get("tier"), balanceMicros: try r.get("balance_micros"),
            createdAt: try r.get("created_at"), disabledAt: try r.get("disabled_at"))
    }

    static func key(_ r: PostgresRandomAccessRow) throws -> APIKeyRecord {
        let scope: String = try r.get("scope")
        return APIKeyRecord(
            id: try r.get("id"), accountID: try r.get("account_id"), prefix: try r.get("prefix"), hash: try r.get("hash"),
            label: try r.get("label"), isTest: try r.get("is_test"), createdAt: try r.get("created_at"),
            expiresAt: try r.get("expires_at"), revokedAt: try r.get("revoked_at"), lastUsedAt: try r.get("last_used_at"),
            // A scope that cannot be read allows nothing rather than everything.
            scope: (try? JSONDecoder().decode(KeyScope.self, from: Data(scope.utf8))) ?? KeyScope(operations: []),
            spentMicros: try r.get("spent_micros"))
    }

    static func scopeJSON(_ scope: KeyScope) -> String {
        (try? JSONEncoder().encode(scope)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func tier(_ r: PostgresRandomAccessRow) throws -> Tier {
        Tier(name: try r.get("name"), multiplierPPM: try r.get("multiplier_ppm"))
    }

    static func usage(_ r: PostgresRandomAccessRow) throws -> UsageRecord {
        UsageRecord(
            requestID: try r.get("request_id"), accountID: try r.get("account_id"), keyID: try r.get("key_id"),
            operation: try r.get("operation"), variant: try r.get("variant"), imagesRequested: try r.get("images_requested"),
            imagesDelivered: try r.get("images_delivered"), unitPriceMicros: try r.get("unit_price_micros"),
            chargedMicros: try r.get("charged_micros"), status: try r.get("status"), errorCode: try r.get("error_code"),
            latencyMillis: try r.get("latency_millis"), channel: try r.get("channel"), createdAt: try r.get("created_at"))
    }

    static func channel(_ r: PostgresRandomAccessRow) throws -> UpstreamChannel {
        let kindText: String = try r.get("kind")
        let kind = UpstreamChannel.Kind(rawValue: kindText)
        let hosts: String = try r.get("allowed_image_hosts")
        let rehost: String = try r.get("rehost")
        let enabled: Bool = try r.get("enabled")
        return UpstreamChannel(
            id: try r.get("id"), name: try r.get("name"),
            // An unknown kind (a newer version's row) is treated as a disabled sandbox: it can
            // never send a request anywhere unexpected.
            kind: kind ?? .sandbox,
            baseURL: try r.get("base_url"), encryptedKey: try r.get("encrypted_key"), priority: try r.get("priority"),
            weight: try r.get("weight"), maxInflightImages: try r.get("max_inflight_images"), enabled: enabled && kind != nil,
            disabledReason: try r.get("disabled_reason"), rehost: UpstreamChannel.RehostMode(rawValue: rehost) ?? .rehost,
            allowedImageHosts: (try? JSONDecoder().decode([String].self, from: Data(hosts.utf8))) ?? [],
            connectTimeoutMillis: try r.get("connect_timeout_millis"), readTimeoutMillis: try r.get("read_timeout_millis"),
            totalTimeoutMillis: try r.get("total_timeout_millis"), createdAt: try r.get("created_at"),
            updatedAt: try r.get("updated_at"))
    }

    static func hostsJSON(_ hosts: [String]) -> String {
        (try? JSONEncoder().encode(hosts)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func task(_ r: PostgresRandomAccessRow) throws -> TaskRecord {
        let status: String = try r.get("status")
        let result: ByteBuffer? = try r.get("result")
        return TaskRecord(
            id: try r.get("id"), accountID: try r.get("account_id"), requestID: try r.get("request_id"),
            operation: try r.get("operation"), status: TaskStatus(rawValue: status) ?? .failed, httpStatus: try r.get("http_status"),
            result: result.map { Array($0.readableBytesView) }, webhookURL: try r.get("webhook_url"),
            createdAt: try r.get("created_at"), updatedAt: try r.get("updated_at"), node: try r.get("node_id"))
    }

    static func consoleUser(_ r: PostgresRandomAccessRow) throws -> ConsoleUser {
        ConsoleUser(
            id: try r.get("id"), email: try r.get("email"), passwordHash: try r.get("password_hash"), accountID: try r.get("account_id"),
            consoleKeyID: try r.get("console_key_id"), createdAt: try r.get("created_at"))
    }

    static func bytes(_ bytes: [UInt8]?) -> ByteBuffer? {
        bytes.map { ByteBuffer(bytes: $0) }
    }
}
