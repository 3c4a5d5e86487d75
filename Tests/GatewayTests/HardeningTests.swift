import AsyncHTTPClient
import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Hostile and careless clients: nothing they send may cost memory, CPU or money before their key
/// is checked, hold a connection forever, or reach a surface their key's scope forbids.
@Suite struct HardeningTests {
    /// A body that starts with the multipart header bytes that trap MultipartKit, announced as
    /// 40 MB and never finished: without a key the answer is a 401, at once, from the headers alone.
    @Test(arguments: ["/v1/images/edits", "/v1/images/generations", "/ideogram/v1/ideogram-v3/generate"])
    func noKeyIsRefusedBeforeTheBodyIsRead(_ path: String) async throws {
        let t = try await TestGateway.make()
        try await t.test(.live) { client in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            let head = "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 40000000\r\n\r\n"
            #expect(connection.send(head))
            #expect(connection.send(Array("--B\r\n".utf8) + [0xC3, 0x81] + Array("x: y\r\n\r\nv\r\n".utf8)))
            let started = ContinuousClock.now
            let (bytes, closed) = await connection.readUntilClosed(timeout: .seconds(5))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 401"), "\(text.prefix(200)) closed=\(closed) after \(ContinuousClock.now - started) port \(port)")
            #expect(text.contains("missing_api_key") || text.contains("invalid_api_key"))
            // The server is still there.
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func aJSONBodyPastOneMebibyteIsRefusedWith413AndCostsNothing() async throws {
        let t = try await TestGateway.make()
        try await t.test(.router) { client in
            let prompt = String(repeating: "a", count: 2 * 1024 * 1024)
            let r = try await client.postJSON("/ideogram/v1/ideogram-v3/generate", key: t.key, json: #"{"prompt":"\#(prompt)"}"#)
            #expect(r.status == .contentTooLarge)
            #expect(r.errorCode == "body_too_large")
            #expect(try await t.balance() == 10_000_000)
        }
    }

    @Test func halfAHeaderIsClosedAfterTheHeadTimeoutWhileHealthzAnswers() async throws {
        let t = try await TestGateway.make { $0.connectionTimeouts.requestHead = .seconds(1) }
        try await t.test(.live) { client in
            let port = try #require(client.port)
            let slow = try RawConnection(port: port)
            #expect(slow.send("POST /ideogram/v1/ideogram-v3/generate HTTP/1.1\r\nHost: x\r\nApi-Ke"))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let (bytes, closed) = await slow.readUntilClosed(timeout: .seconds(6))
            #expect(closed)
            #expect(bytes.isEmpty)
            // An idle keep-alive connection is closed the same way.
            let idle = try RawConnection(port: port)
            #expect(await idle.readUntilClosed(timeout: .seconds(6)).closed)
        }
    }

    @Test func aBodyThatStopsArrivingIsClosedAndReleasesNothingItDidNotHold() async throws {
        let t = try await TestGateway.make { $0.connectionTimeouts.bodyIdle = .seconds(1) }
        try await t.test(.live) { client in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            #expect(connection.send(
                "POST /ideogram/v1/ideogram-v3/generate HTTP/1.1\r\nHost: x\r\nApi-Key: \(t.key)\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"prompt\":"))
            let (_, closed) = await connection.readUntilClosed(timeout: .seconds(6))
            #expect(closed)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await t.balance() == 10_000_000)
            #expect(try await t.gateway.store.openHolds(olderThan: .max).isEmpty)
        }
    }

    /// A key limited to an address range is refused on the task and webhook-secret routes too,
    /// not only on the image endpoints.
    @Test func ipScopeAppliesToTaskRoutesAndTheWebhookSecret() async throws {
        let t = try await TestGateway.make()
        let scoped = try await AccountService(store: t.gateway.store).createKey(
            accountID: t.accountID, label: "office", scope: KeyScope(ipRanges: ["10.0.0.0/8"]))
        try await t.test(.live) { client in
            let headers: HTTPFields = [HTTPField.Name("Api-Key")!: scoped.secret]
            for path in ["/ideogram/tasks/task_unknown", "/account/v1/webhook-secret"] {
                let r = try await client.execute(uri: path, method: .get, headers: headers)
                #expect(r.status == .forbidden, "\(path)")
                #expect(r.errorCode == "ip_not_allowed", "\(path)")
            }
            let cancel = try await client.execute(uri: "/ideogram/tasks/task_unknown/cancel", method: .post, headers: headers)
            #expect(cancel.errorCode == "ip_not_allowed")
        }
    }

    @Test func aPriceThatCouldOverflowIsRefused() async throws {
        let t = try await TestGateway.make()
        let book = PriceBook(store: t.gateway.store)
        await #expect(throws: GatewayError.self) {
            _ = try await book.setPrice(operation: "v3.generate", variant: "TURBO", micros: .max)
        }
        _ = try await book.setPrice(operation: "v3.generate", variant: "TURBO", micros: PriceBook.maxPriceMicros)
        _ = try await book.setTier(name: "default", multiplierPPM: PriceBook.maxMultiplierPPM)
        try await t.test(.router) { client in
            // The largest allowed price at the largest multiplier is quoted exactly, not trapped.
            let r = try await client.postJSON(
                "/ideogram/v1/ideogram-v3/generate?dry_run=true", key: t.key, json: #"{"prompt":"x","rendering_speed":"TURBO","num_images":8}"#)
            #expect(r.status == .ok)
            #expect((r.json["total_micros"] as? NSNumber)?.int64Value == 8 * PriceBook.maxPriceMicros * 100)
        }
    }

    /// `Prefer: respond-async` exists so a client can hang up: the task runs on and succeeds.
    @Test func anAsyncTaskOutlivesTheConnectionThatSubmittedIt() async throws {
        let t = try await TestGateway.make { $0.sandboxDelay = .seconds(2) }
        try await t.test(.live) { client in
            let port = try #require(client.port)
            let body = #"{"prompt":"async","rendering_speed":"TURBO"}"#
            var taskID = ""
            do {
                let connection = try RawConnection(port: port)
                #expect(connection.send(
                    "POST /ideogram/v1/ideogram-v3/generate HTTP/1.1\r\nHost: x\r\nApi-Key: \(t.key)\r\nPrefer: respond-async\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
                let (bytes, _) = await connection.readUntilClosed(timeout: .seconds(20), stopWhen: RawConnection.isCompleteResponse)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(text.hasPrefix("HTTP/1.1 202"), "\(text)")
                let idRange = try #require(text.range(of: "task_"))
                taskID = String(text[idRange.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            }  // the connection closes here, long before the sandbox answers
            var status = ""
            for _ in 0..<600 {
                let r = try await client.execute(uri: "/ideogram/tasks/\(taskID)", method: .get, headers: [HTTPField.Name("Api-Key")!: t.key])
                status = r.json["status"] as? String ?? ""
                if status == "succeeded" || status == "failed" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == "succeeded")
            #expect(try await t.balance() == 10_000_000 - 30_000)
        }
    }
}
