import Foundation
import GRDB
import Gateway

extension SQLiteStore {
    public func channels() async throws -> [UpstreamChannel] {
        try await pool.read { db in
            try ChannelRow.order(Column("priority").desc, Column("created_at"), Column("id")).fetchAll(db).map(\.value)
        }
    }

    public func channel(id: String) async throws -> UpstreamChannel? {
        try await pool.read { db in try ChannelRow.fetchOne(db, key: id)?.value }
    }

    public func createChannel(_ channel: UpstreamChannel) async throws {
        try await pool.write { db in try ChannelRow(channel).insert(db) }
    }

    public func updateChannel(_ channel: UpstreamChannel) async throws -> Bool {
        try await pool.write { db in
            guard try ChannelRow.exists(db, key: channel.id) else { return false }
            try ChannelRow(channel).update(db)
            return true
        }
    }

    public func setChannelEnabled(id: String, enabled: Bool, reason: String?, at: Millis) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE channels SET enabled = ?, disabled_reason = ?, updated_at = ? WHERE id = ?",
                arguments: [enabled, enabled ? nil : reason, at, id])
            return db.changesCount > 0
        }
    }

    public func deleteChannel(id: String) async throws -> Bool {
        try await pool.write { db in try ChannelRow.deleteOne(db, key: id) }
    }
}

struct ChannelRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "channels"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    var id: String
    var name: String
    var kind: String
    var baseUrl: String
    var encryptedKey: String?
    var priority: Int
    var weight: Int
    var maxInflightImages: Int
    var enabled: Bool
    var disabledReason: String?
    var rehost: String
    var allowedImageHosts: String
    var connectTimeoutMillis: Int64
    var readTimeoutMillis: Int64
    var totalTimeoutMillis: Int64
    var createdAt: Int64
    var updatedAt: Int64

    init(_ c: UpstreamChannel) {
        id = c.id; name = c.name; kind = c.kind.rawValue; baseUrl = c.baseURL; encryptedKey = c.encryptedKey
        priority = c.priority; weight = c.weight; maxInflightImages = c.maxInflightImages; enabled = c.enabled
        disabledReason = c.disabledReason; rehost = c.rehost.rawValue
        allowedImageHosts = (try? JSONEncoder().encode(c.allowedImageHosts)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        connectTimeoutMillis = c.connectTimeoutMillis; readTimeoutMillis = c.readTimeoutMillis
        totalTimeoutMillis = c.totalTimeoutMillis; createdAt = c.createdAt; updatedAt = c.updatedAt
    }

    var value: UpstreamChannel {
        UpstreamChannel(
            id: id, name: name,
            // An unknown kind (a newer version's row) is treated as a disabled sandbox: it can
            // never send a request anywhere unexpected.
            kind: UpstreamChannel.Kind(rawValue: kind) ?? .sandbox,
            baseURL: baseUrl, encryptedKey: encryptedKey, priority: priority, weight: weight,
            maxInflightImages: maxInflightImages, enabled: enabled && UpstreamChannel.Kind(rawValue: kind) != nil,
            disabledReason: disabledReason, rehost: UpstreamChannel.RehostMode(rawValue: rehost) ?? .rehost,
            allowedImageHosts: (try? JSONDecoder().decode([String].self, from: Data(allowedImageHosts.utf8))) ?? [],
            connectTimeoutMillis: connectTimeoutMillis, readTimeoutMillis: readTimeoutMillis,
            totalTimeoutMillis: totalTimeoutMillis, createdAt: createdAt, updatedAt: updatedAt)
    }
}
