import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore

extension TestGateway {
    /// Installs an admin token the way first run does (only its hash is stored) and returns it.
    func installAdminToken() async throws -> String {
        let token = "adm-" + KeySecret.randomToken(length: 40)
        _ = try await gateway.store.settingIfAbsent("admin_token_hash", value: KeySecret.hash(token))
        return token
    }

    /// Every balance equals its ledger and no hold is left open.
    func auditFindings() async throws -> [AuditFinding] {
        try await gateway.store.audit(horizon: Int64(Date().timeIntervalSince1970 * 1000) + 1)
    }
}

extension TestClientProtocol {
    /// A request to the admin API with `Authorization: Bearer <token>` and an optional JSON body.
    func admin(_ method: HTTPRequest.Method, _ path: String, token: String?, json: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// A request to the account API with the customer's own key.
    func customer(_ method: HTTPRequest.Method, _ path: String, key: String, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [HTTPField.Name("Api-Key")!: key]
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// One V3 generate request, JSON.
    func generate(key: String, speed: String = "DEFAULT", images: Int = 1, prompt: String = "x", dryRun: Bool = false) async throws -> TestResponse {
        try await postJSON(
            "/ideogram/v1/ideogram-v3/generate" + (dryRun ? "?dry_run=true" : ""), key: key,
            json: #"{"prompt":"\#(prompt)","rendering_speed":"\#(speed)","num_images":\#(images)}"#)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var charged: Int64? { headers[HTTPField.Name("X-Ideogate-Charged-Micros")!].flatMap { Int64($0) } }
    var list: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
}

/// An upstream that holds every request whose prompt starts with "slow" until `gate.open()`,
/// so a test can change something while a request is in flight. Others pass at once.
struct GatedUpstream: Upstream {
    let name = "gated"
    let gate: Gate

    func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        if request.prompt?.hasPrefix("slow") == true { await gate.wait() }
        return .images(seeds.map { seed in
            UpstreamImage(
                payload: .bytes(ScriptedUpstream.png, contentType: "image/png"), prompt: request.prompt ?? "",
                resolution: request.outputResolution.description, isImageSafe: true, seed: seed, styleType: request.styleType,
                upscaledResolution: nil)
        })
    }
}

actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for w in waiters { w.resume() }
        waiters = []
    }
}
