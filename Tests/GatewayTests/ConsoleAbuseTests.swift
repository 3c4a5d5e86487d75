import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// What one client can make the console do: sign-in and sign-up are rate limited per address and
/// per email, password hashing runs off Swift's cooperative pool and sheds load beyond a short
/// queue, and free test keys are the operator's choice and limited per account.
@Suite struct ConsoleAbuseTests {
    static let signInError = HTTPField.Name("X-Ideogate-Error-Code")!

    @Test func signInIsLimitedPerEmailAndOnlyFailuresCount() async throws {
        let t = try await TestGateway.make {
            $0.console.signInPerEmail = RateRule(burst: 3, interval: .seconds(3600))
        }
        try await t.test { client in
            _ = try await Browser.signUp(client, email: "ada@example.com")
            // A successful sign-in gives its token back: the owner is never counted against.
            for _ in 0..<4 {
                #expect(try await Browser.signIn(client, email: "ada@example.com", password: Browser.password).response.status == .seeOther)
            }
            for _ in 0..<3 {
                #expect(try await Browser.signIn(client, email: "ada@example.com", password: "guess guess").response.status == .unauthorized)
            }
            // The fourth guess is refused before any password is checked, the right one as well.
            let refused = try await Browser.signIn(client, email: "ADA@example.com ", password: Browser.password).response
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[Self.signInError] == "rate_limited")
            let retryAfter = try #require(refused.headers[.retryAfter].flatMap(Int.init))
            #expect((3000...3600).contains(retryAfter))
            #expect(refused.text.contains("Too many attempts"))
            // Another account is not affected.
            _ = try await Browser.signUp(client, email: "grace@example.com")
            #expect(try await Browser.signIn(client, email: "grace@example.com", password: Browser.password).response.status == .seeOther)
        }
    }

    @Test func signInAndSignUpAreLimitedPerClientAddress() async throws {
        let t = try await TestGateway.make {
            $0.console.signInPerAddress = RateRule(burst: 2, interval: .seconds(3600))
            $0.console.signUpPerAddress = RateRule(burst: 2, interval: .seconds(3600))
        }
        try await t.test { client in
            _ = try await Browser.signUp(client, email: "a@example.com")
            _ = try await Browser.signUp(client, email: "b@example.com")
            let third = try await Browser.signUpResponse(client, email: "c@example.com")
            #expect(third.status == .tooManyRequests && third.headers[Self.signInError] == "rate_limited")
            #expect(third.headers[.retryAfter] != nil)
            #expect(try await t.gateway.store.consoleUser(email: "c@example.com") == nil)

            // Different emails from one address: the address runs out.
            #expect(try await Browser.signIn(client, email: "x@example.com", password: "wrong pass").response.status == .unauthorized)
            #expect(try await Browser.signIn(client, email: "y@example.com", password: "wrong pass").response.status == .unauthorized)
            let refused = try await Browser.signIn(client, email: "a@example.com", password: Browser.password).response
            #expect(refused.status == .tooManyRequests && refused.headers[Self.signInError] == "rate_limited")
        }
    }

    @Test func hashingRunsOnItsOwnThreadsAndRefusesWhatItCannotQueue() async throws {
        let workers = PasswordWorkers.make(concurrent: 1, queued: 1)
        let names = try await workers.run { () -> String in
            (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        }
        // NIO's blocking pool, not a thread of Swift's cooperative pool.
        #expect(names.hasPrefix("SGLTN-TP-"), "\(names)")

        // One running, one waiting, the rest refused at once rather than queued.
        let outcomes = await withTaskGroup(of: (Bool, Duration).self) { group in
            for _ in 0..<5 {
                group.addTask {
                    let started = ContinuousClock.now
                    do {
                        _ = try await workers.run { usleep(600_000) }
                        return (true, ContinuousClock.now - started)
                    } catch {
                        #expect(error as? GatewayError == PasswordWorkers.busy)
                        return (false, ContinuousClock.now - started)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let done = outcomes.filter(\.0).map(\.1), refused = outcomes.filter { !$0.0 }.map(\.1)
        #expect(done.count == 2 && refused.count == 3)
        // Refused without waiting for a thread: each sooner than any admitted one finished.
        #expect((refused.max() ?? .zero) < (done.min() ?? .zero))
    }

    @Test func aFloodOfSignInsIsShedWithA429() async throws {
        let t = try await TestGateway.make {
            $0.console.concurrentHashes = 1
            $0.console.queuedHashes = 0
        }
        try await t.test { client in
            let browser = try await Browser.start(client)
            let token = browser.preToken
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for i in 0..<6 {
                    group.addTask {
                        let r = try await client.execute(
                            uri: "/console/signin", method: .post,
                            headers: [.cookie: "\(CSRFGuard.preCookie)=\(token)", .contentType: "application/x-www-form-urlencoded"],
                            body: ByteBuffer(string: "email=u\(i)%40example.com&password=whatever1&_csrf=\(token)"))
                        return (r.status, r.headers[Self.signInError])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.contains { $0.0 == .unauthorized })
            let shed = statuses.filter { $0.0 == .tooManyRequests }
            #expect(!shed.isEmpty && shed.allSatisfy { $0.1 == "console_busy" })
        }
    }

    @Test func consoleTestKeysAreTheOperatorsChoice() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let browser = try await Browser.signUp(client, email: "ada@example.com")
            let page = try await browser.get("/console/keys")
            #expect(page.status == .ok && !page.text.contains(#"name="test""#))
            let refused = try await browser.post("/console/keys", form: "label=free&test=on&_csrf=\(try await browser.csrf())")
            #expect(refused.status == .forbidden && refused.text.contains("Test keys are not available"))
            #expect(try await t.gateway.store.keys(accountID: try await browser.accountID(t)).isEmpty)

            try await OperatorSettings(store: t.gateway.store).set("console_test_keys", to: true)
            #expect(try await browser.get("/console/keys").text.contains(#"name="test""#))
            let made = try await browser.post("/console/keys", form: "label=ci&test=on&_csrf=\(try await browser.csrf())")
            #expect(made.status == .created && made.text.contains(#"id="new-secret">sk-test-"#))
        }
    }

    @Test func testKeysShareAPerAccountRate() async throws {
        let t = try await TestGateway.make { $0.testKeyRequestsPerMinute = 2 }
        let service = AccountService(store: t.gateway.store)
        // The operator still makes test keys, through the admin API or the command line.
        let first = try await service.createKey(accountID: t.accountID, label: "ci", test: true)
        let second = try await service.createKey(accountID: t.accountID, label: "ci-2", test: true)
        try await t.test { client in
            // All at once, so that the budget (2 a minute) is judged before any of them renders:
            // sent one after another, a slow render on a busy machine lets a token refill.
            // Per key, three would pass (two of the first key, one of the second); per account, two.
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for key in [first.secret, first.secret, first.secret, second.secret] {
                    group.addTask { try await client.generate(key: key, speed: "TURBO") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == .ok }.count == 2)
            let refused = responses.filter { $0.status != .ok }
            #expect(refused.count == 2)
            for response in refused {
                #expect(response.status == .tooManyRequests && response.errorCode == "test_key_rate_limited")
                #expect(response.json["request_id"] is String)
                #expect(response.headers[.retryAfter].flatMap(Int.init).map { (1...30).contains($0) } == true)
            }
            // A live key is not touched.
            #expect(try await client.generate(key: t.key, speed: "TURBO").status == .ok)
        }
    }

    @Test func theRateLimiterRefillsAndForgetsFullBuckets() async throws {
        let limiter = RateLimiter(RateRule(burst: 2, interval: .seconds(10)), capacity: 16)
        let start = ContinuousClock.now
        #expect(await limiter.take("a", now: start) == nil)
        #expect(await limiter.take("a", now: start) == nil)
        #expect(await limiter.take("a", now: start) == .seconds(10))
        #expect(await limiter.take("a", now: start + .seconds(5)) == .seconds(5))
        #expect(await limiter.take("a", now: start + .seconds(10)) == nil)
        // Memory stays bounded however many keys come and go.
        for i in 0..<1000 { _ = await limiter.take("k\(i)", now: start + .seconds(Double(i))) }
        #expect(await limiter.count <= 16)
    }
}
