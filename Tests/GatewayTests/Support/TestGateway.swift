import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A gateway on a fresh temporary data directory, with one funded account and its key.
struct TestGateway {
    let gateway: Ideogate
    let directory: String
    let accountID: String
    let key: String

    static func make(
        credit: Int64 = 10_000_000, upstream: (any Upstream)? = nil, images: TestImageStore = .disk,
        configure: (inout GatewayConfig) -> Void = { _ in }
    ) async throws -> TestGateway {
        removeStaleDirectories()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ideogate-test-\(UUID().uuidString)").path
        var config = GatewayConfig()
        config.dataDirectory = directory
        config.port = 0
        configure(&config)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let gateway = try await Ideogate.open(config, images: images.open, logger: logger, upstream: upstream)
        let service = AccountService(store: gateway.store)
        let account = try await service.createAccount(name: "tester")
        if credit > 0 {
            _ = try await service.adjustBalance(accountID: account.id, amount: credit, kind: .credit, memo: "test credit")
        }
        let key = try await service.createKey(accountID: account.id, label: "test")
        return TestGateway(gateway: gateway, directory: directory, accountID: account.id, key: key.secret)
    }

    var application: some ApplicationProtocol {
        gateway.makeApplication()
    }

    func balance() async throws -> Int64 {
        try await gateway.store.account(id: accountID)?.balanceMicros ?? -1
    }

    func test(
        _ framework: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        do {
            try await application.test(framework, body)
        } catch {
            await gateway.shutdown()
            throw error
        }
        await gateway.shutdown()
        // The directory stays: many tests read the store after the server stopped, and the
        // database may open a new connection to do so. `make` clears out old ones instead.
    }

    /// Deletes test data directories older than an hour, left by earlier tests and runs.
    static func removeStaleDirectories() {
        let temporary = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        let cutoff = Date().addingTimeInterval(-3600)
        for name in names where name.hasPrefix("ideogate-test-") {
            let path = temporary.appendingPathComponent(name).path
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < cutoff {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}

/// Which image store a test gateway opens. A struct rather than a bare opener, so that a trailing
/// closure passed to `make` still means `configure`.
struct TestImageStore {
    let open: ImageStoreOpener
    static let disk = TestImageStore(open: DiskImageStore.opener)
}

extension TestClientProtocol {
    /// POSTs a multipart form with an API key.
    func postForm(_ path: String, key: String?, form: MultipartForm) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: form.contentType]
        if let key { headers[HTTPField.Name("Api-Key")!] = key }
        return try await execute(uri: path, method: .post, headers: headers, body: form.finished.body)
    }

    func postJSON(_ path: String, key: String?, json: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[HTTPField.Name("Api-Key")!] = key }
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: json))
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
    var errorCode: String? { json["code"] as? String }
}
