import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Gateway

/// The web console's server side: passwords, sessions and their cookies, CSRF, sign-up switch,
/// page access for customers and operators, and the playground's way into the pipeline.
@Suite struct ConsoleTests {
    @Test func passwordHashesRoundTripAndMatchRFCVectors() throws {
        // PBKDF2-HMAC-SHA256 test vectors (RFC 7914 §11 and the widely used c=1/c=4096 set).
        let one = PasswordHasher.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 1, length: 32)
        #expect(one.hexString == "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b")
        let many = PasswordHasher.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 4096, length: 32)
        #expect(many.hexString == "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")

        let hasher = PasswordHasher()
        #expect(PasswordHasher.defaultIterations >= 100_000)
        let stored = hasher.hash("correct horse battery")
        #expect(stored.hasPrefix("pbkdf2-sha256$\(PasswordHasher.defaultIterations)$"))
        #expect(PasswordHasher.verify("correct horse battery", against: stored))
        #expect(!PasswordHasher.verify("correct horse batterY", against: stored))
        // A new random salt every time: the same password never hashes the same way twice.
        #expect(hasher.hash("correct horse battery") != stored)
        #expect(!PasswordHasher.verify("x", against: "garbage"))
    }

    @Test func signUpSetsASecureSessionCookieAndOpensAnEmptyAccount() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let browser = try await Browser.signUp(client, email: "ada@example.com")
            let cookie = try #require(browser.sessionCookieHeader)
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/console"))
            #expect(!cookie.contains("Secure"))
            let home = try await browser.get("/console/home")
            #expect(home.status == .ok)
            #expect(home.text.contains(#"<span class="value" id="balance">$0.00</span>"#))
            #expect(home.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            // The account exists with a zero balance, and only the password's slow hash is stored.
            let user = try #require(try await t.gateway.store.consoleUser(email: "ada@example.com"))
            #expect(try await t.gateway.store.account(id: user.accountID)?.balanceMicros == 0)
            #expect(user.passwordHash.hasPrefix("pbkdf2-sha256$") && !user.passwordHash.contains(Browser.password))

            // Behind a TLS proxy the cookie is Secure.
            let secure = try await Browser.signUp(client, email: "grace@example.com", headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(secure.sessionCookieHeader?.contains("; Secure") == true)

            // Sign-in with the wrong password is refused without saying which part was wrong.
            let wrong = try await Browser.signIn(client, email: "ada@example.com", password: "not the password")
            #expect(wrong.response.status == .unauthorized && wrong.response.text.contains("email or the password"))
            let right = try await Browser.signIn(client, email: "ADA@example.com", password: Browser.password)
            #expect(right.response.status == .seeOther && right.sessionCookieHeader != nil)
        }
    }

    @Test func formsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let browser = try await Browser.signUp(client, email: "ada@example.com")
            let forged = try await browser.post("/console/keys", form: "label=evil&_csrf=wrong")
            #expect(forged.status == .forbidden)
            #expect(forged.headers[HTTPField.Name("X-Ideogate-Error-Code")!] == "csrf_failed")
            #expect(forged.text.contains("csrf_failed"))
            let missing = try await browser.post("/console/redeem", form: "code=IDG-AAAA")
            #expect(missing.status == .forbidden)
            #expect(try await t.gateway.store.keys(accountID: try await browser.accountID(t)).isEmpty)
            // The playground's script calls need the header too.
            let api = try await client.execute(
                uri: "/console/api/ideogram/v1/ideogram-v3/generate", method: .post,
                headers: [.cookie: browser.cookies, .contentType: "application/json"], body: ByteBuffer(string: #"{"prompt":"x"}"#))
            #expect(api.status == .forbidden && api.errorCode == "csrf_failed")
            // Sign-up without the double-submit cookie is refused as well.
            let bare = try await client.execute(
                uri: "/console/signup", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=abc&email=eve%40example.com&password=12345678"))
            #expect(bare.status == .forbidden && bare.text.contains("csrf_failed"))
            // With the token, the same form works.
            let ok = try await browser.post("/console/keys", form: "label=laptop&_csrf=\(try await browser.csrf())")
            #expect(ok.status == .created && ok.text.contains(#"id="new-secret">sk-"#))
        }
    }

    @Test func signUpCanBeTurnedOff() async throws {
        let t = try await TestGateway.make()
        try await OperatorSettings(store: t.gateway.store).set("console_signup", to: false)
        try await t.test { client in
            let page = try await client.execute(uri: "/console/signup", method: .get)
            #expect(page.text.contains("Sign-up is turned off"))
            let attempt = try await Browser.signUpResponse(client, email: "ada@example.com")
            #expect(attempt.status == .forbidden && attempt.text.contains("turned off"))
            #expect(try await t.gateway.store.consoleUser(email: "ada@example.com") == nil)
            // The admin API switches it back on.
            let token = try await t.installAdminToken()
            let on = try await client.admin(.patch, "/admin/v1/settings", token: token, json: #"{"console_signup":true}"#)
            #expect(on.json["console_signup"] as? Bool == true)
            #expect(try await Browser.signUpResponse(client, email: "ada@example.com").status == .seeOther)
        }
    }

    @Test func pagesNeedASignedInUser() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            for path in ["/console", "/console/home", "/console/keys", "/console/gallery", "/console/playground"] {
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/console/signin", "\(path)")
            }
            let browser = try await Browser.signUp(client, email: "a<b>@example.com")
            for path in ["/console/home", "/console/keys", "/console/usage", "/console/gallery", "/console/playground", "/console/redeem", "/console/api"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                // User content is escaped wherever it appears.
                #expect(page.text.contains("a&lt;b&gt;@example.com") && !page.text.contains("a<b>@"), "\(path)")
            }
            // After sign-out the cookie no longer opens anything.
            let out = try await browser.post("/console/signout", form: "_csrf=\(try await browser.csrf())")
            #expect(out.status == .seeOther && out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await browser.get("/console/home").status == .seeOther)
        }
    }

    @Test func adminPagesRefuseCustomerSessions() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let anonymous = try await client.execute(uri: "/console/admin/prices", method: .get)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/console/admin/signin")
            let customer = try await Browser.signUp(client, email: "ada@example.com")
            let refused = try await customer.get("/console/admin/prices")
            #expect(refused.status == .forbidden && refused.text.contains("admin_session_required"))
            // A customer's token in the operator's cookie is no better.
            let token0 = try #require(customer.sessionToken)
            let swapped = try await client.execute(uri: "/console/admin", method: .get, headers: [.cookie: "ideogate_admin=\(token0)"])
            #expect(swapped.status == .forbidden)
            #expect(try await client.execute(uri: "/console/admin/overview.json", method: .get, headers: [.cookie: customer.cookies]).status == .forbidden)

            // A wrong admin token is refused; the right one opens a session whose price edits apply at once.
            let operatorBrowser = try await Browser.start(client)
            let bad = try await operatorBrowser.post("/console/admin/signin", form: "token=adm-wrong&_csrf=\(operatorBrowser.preToken)")
            #expect(bad.status == .unauthorized)
            let signedIn = try await operatorBrowser.post("/console/admin/signin", form: "token=\(token)&_csrf=\(operatorBrowser.preToken)")
            #expect(signedIn.status == .seeOther && signedIn.headers[.setCookie]?.contains("Path=/console/admin") == true)
            operatorBrowser.absorb(signedIn)
            let prices = try await operatorBrowser.get("/console/admin/prices")
            #expect(prices.status == .ok)
            let csrf = try #require(Browser.meta(prices.text))
            let set = try await operatorBrowser.post("/console/admin/prices", form: "operation=v3.generate&variant=TURBO&price=0.05&_csrf=\(csrf)")
            #expect(set.status == .seeOther)
            #expect(try await t.gateway.store.prices().first { $0.operation == "v3.generate" && $0.variant == "TURBO" }?.micros == 50_000)
            let forged = try await operatorBrowser.post("/console/admin/prices", form: "operation=v3.generate&variant=TURBO&price=0&_csrf=nope")
            #expect(forged.status == .forbidden)
        }
    }

    @Test func thePlaygroundGoesThroughThePipelineAndFillsTheGallery() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let browser = try await Browser.signUp(client, email: "ada@example.com")
            let accountID = try await browser.accountID(t)
            _ = try await AccountService(store: t.gateway.store).move(accountID: accountID, amount: 1_000_000, memo: "test")
            var form = MultipartForm([("prompt", "An owl <b>at night</b>"), ("rendering_speed", "TURBO"), ("num_images", "2")])
            form = form.finished
            let response = try await client.execute(
                uri: "/console/api/ideogram/v1/ideogram-v3/generate", method: .post,
                headers: [.cookie: browser.cookies, .contentType: form.contentType, CSRFGuard.header: try await browser.csrf()],
                body: form.body)
            #expect(response.status == .ok)
            #expect(response.headers[ImagePipeline.chargedField] == "60000")
            #expect((response.json["data"] as? [Any])?.count == 2)
            #expect(try await t.gateway.store.account(id: accountID)?.balanceMicros == 940_000)
            // The usage row and the hold went the ordinary way, with the user's console key.
            let usage = try await t.gateway.store.usage(accountID: accountID, limit: 10, offset: 0)
            #expect(usage.count == 1 && usage[0].chargedMicros == 60_000)
            let keyID = try #require(usage[0].keyID)
            let key = try #require(try await t.gateway.store.key(id: keyID))
            #expect(key.label == "console")
            let gallery = try await browser.get("/console/gallery")
            #expect(gallery.text.components(separatedBy: #"<figure class="tile">"#).count == 3)
            #expect(gallery.text.contains("An owl &lt;b&gt;at night&lt;/b&gt;") && gallery.text.contains("$0.03/image"))
            #expect(gallery.text.contains("/files/img_") && gallery.text.contains("seed "))
            #expect(try await t.auditFindings().isEmpty)
        }
    }
}

/// A cookie jar and the console's forms, as a browser would use them.
final class Browser: @unchecked Sendable {
    static let password = "correct horse battery"
    let client: any TestClientProtocol
    var jar: [String: String] = [:]
    var sessionCookieHeader: String?
    var preToken = ""

    init(client: any TestClientProtocol) { self.client = client }

    var cookies: String { jar.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
    var sessionToken: String? { jar[ConsoleSessions.customerCookie] }

    /// Opens a sign-in page to get the pre-session CSRF cookie.
    static func start(_ client: any TestClientProtocol) async throws -> Browser {
        let browser = Browser(client: client)
        let page = try await client.execute(uri: "/console/signin", method: .get)
        browser.absorb(page)
        browser.preToken = browser.jar[CSRFGuard.preCookie] ?? ""
        return browser
    }

    static func signUpResponse(_ client: any TestClientProtocol, email: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        let browser = try await start(client)
        return try await browser.post("/console/signup", form: "email=\(escape(email))&password=\(escape(password))&_csrf=\(browser.preToken)", headers: headers)
    }

    static func signUp(_ client: any TestClientProtocol, email: String, headers: HTTPFields = [:]) async throws -> Browser {
        let browser = try await start(client)
        let response = try await browser.post(
            "/console/signup", form: "email=\(escape(email))&password=\(escape(password))&_csrf=\(browser.preToken)", headers: headers)
        #expect(response.status == .seeOther, "sign-up: \(response.text)")
        browser.absorb(response)
        return browser
    }

    static func signIn(_ client: any TestClientProtocol, email: String, password: String) async throws -> (response: TestResponse, sessionCookieHeader: String?) {
        let browser = try await start(client)
        let response = try await browser.post("/console/signin", form: "email=\(escape(email))&password=\(escape(password))&_csrf=\(browser.preToken)")
        browser.absorb(response)
        return (response, browser.sessionCookieHeader)
    }

    static func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    func absorb(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0])
            if name == ConsoleSessions.customerCookie { sessionCookieHeader = header }
            if header.contains("Max-Age=0") { jar[name] = nil } else { jar[name] = String(pair[1]) }
        }
    }

    func get(_ path: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: [.cookie: cookies])
    }

    func post(_ path: String, form: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.cookie] = cookies
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: form))
        absorb(response)
        return response
    }

    /// The session's CSRF token, as the pages carry it.
    func csrf() async throws -> String {
        try #require(Self.meta(try await get("/console/keys").text))
    }

    static func meta(_ html: String) -> String? {
        guard let range = html.range(of: #"<meta name="csrf-token" content=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func accountID(_ t: TestGateway) async throws -> String {
        let token = try #require(sessionToken)
        let session = try #require(try await t.gateway.store.consoleSession(tokenHash: KeySecret.hash(token), now: Date().millis))
        let userID = try #require(session.userID)
        return try #require(try await t.gateway.store.consoleUser(id: userID)).accountID
    }
}
