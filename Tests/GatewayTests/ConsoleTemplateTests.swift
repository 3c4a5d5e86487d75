import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IdeogramAPI
import NIOCore
import Testing

@testable import Gateway

/// The console's Mustache templates: every one parses and renders, every partial it names exists,
/// values are escaped (including the grapheme clusters Mustache's own HTML escaping misses), and
/// the pages built from them keep what the script and the browser suite rely on.
@Suite struct ConsoleTemplateTests {
    @Test func everyTemplateParsesAndRenders() throws {
        // `load()` throws where `ConsoleTemplates.library` would stop the process.
        let library = try ConsoleTemplates.load()
        for name in ConsoleTemplates.Name.allCases {
            let html = try #require(library.render([String: String](), withTemplate: name.rawValue), "\(name.rawValue)")
            // Only the notices are all condition: with nothing to say they say nothing.
            #expect(!html.isEmpty || name == .notices, "\(name.rawValue)")
            // A tag the parser took for text (a typo like `{{ x }` or `{x}}`) would show up here.
            #expect(!html.contains("{{") && !html.contains("}}"), "\(name.rawValue): \(html)")
        }
    }

    @Test func everyPartialNamedExists() throws {
        let known = Set(ConsoleTemplates.Name.allCases.map(\.rawValue))
        let partial = try Regex(#"\{\{>\s*([A-Za-z0-9_]+)\s*\}\}"#)
        var used: Set<String> = []
        for name in ConsoleTemplates.Name.allCases {
            for match in name.text.matches(of: partial) {
                let target = String(try #require(match.output[1].substring))
                // Mustache renders a missing partial as nothing, silently: a renamed file must fail here.
                #expect(known.contains(target), "\(name.rawValue).mustache includes a missing partial \(target)")
                used.insert(target)
            }
        }
        #expect(used.isSuperset(of: ["csrf", "notices", "pager", "usage_table", "usage_filters"]))
    }

    @Test func valuesAreEscapedEvenInsideGraphemeClusters() {
        // U+0600 before `<` and U+0301 after `"` each make one Character with it; the browser
        // still sees the `<` and the `"`.
        let hostile = "\u{600}<img src=x>\"\u{301} onfocus='x' &"
        let html = ConsoleTemplates.render(.notices, ["notices": [ConsoleNotice(hostile, kind: .error)]])
        #expect(html == #"<p class="notice error" role="status">\#u{600}&lt;img src=x&gt;&quot;\#u{301} onfocus=&#39;x&#39; &amp;</p>"#)
    }

    @Test func theFrameKeepsItsNavigationAndToken() {
        let page = ConsolePage(
            title: "Keys <1>", area: .customer(email: "a\"b@example.com", csrf: "tok&1", active: "keys"), body: "<p>body</p>"
        ).html()
        #expect(page.contains("<title>Keys &lt;1&gt; · Ideogate</title>"))
        #expect(page.contains(#"<meta name="csrf-token" content="tok&amp;1">"#))
        #expect(page.contains(#"<a href="/console/keys" class="on" aria-current="page">Keys</a>"#))
        #expect(page.contains(#"<a href="/console/home">Home</a>"#))
        #expect(page.contains(#"<span>a&quot;b@example.com</span><form method="post" action="/console/signout"><input type="hidden" name="_csrf" value="tok&amp;1"><button class="link">Sign out</button></form>"#))
        #expect(page.contains("<main>\n<p>body</p>\n</main>"))

        let admin = ConsolePage(title: "Overview", area: .admin(csrf: "t", active: ""), body: "").html()
        #expect(admin.contains(#"<a class="brand" href="/console/admin">Ideogate</a>"#))
        #expect(admin.contains(#"<a href="/console/admin" class="on" aria-current="page">Overview</a>"#))
        #expect(admin.contains(#"action="/console/admin/signout""#))

        let signedOut = ConsolePage(title: "Sign in", area: .none, body: "").html()
        #expect(!signedOut.contains("csrf-token") && !signedOut.contains("<nav>"))
    }

    @Test func theKeysPageListsEveryOperationAndEscapesLabels() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let browser = try await Browser.signUp(client, email: "ada@example.com")
            let csrf = try await browser.csrf()
            let label = "\u{600}<b>site</b>\"\u{301}"
            let made = try await browser.post("/console/keys", form: "label=\(Browser.escape(label))&op_v3.generate=on&_csrf=\(csrf)")
            #expect(made.status == .created && made.text.contains(#"id="new-secret">sk-"#))
            let page = try await browser.get("/console/keys").text
            // One checkbox per operation the API knows, however many there are now.
            for operation in IdeogramAPI.Operation.allCases {
                #expect(page.contains(#"<input type="checkbox" name="op_\#(operation.rawValue)">"#), "\(operation.rawValue)")
            }
            #expect(page.contains("\u{600}&lt;b&gt;site&lt;/b&gt;&quot;\u{301}") && !page.contains("<b>site"))
            // The key's scope, in words, and its revoke form carrying the session's token.
            #expect(page.contains("<td>v3.generate</td>"))
            #expect(page.contains(#"data-confirm="Revoke "#) && page.contains(#"<input type="hidden" name="_csrf" value="\#(csrf)"><button class="danger small">Revoke</button>"#))
        }
    }

    @Test func everyOperatorPageRendersWithItsForms() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let browser = try await Browser.start(client)
            let signInPage = try await browser.get("/console/admin/signin")
            #expect(signInPage.status == .ok && signInPage.text.contains(#"name="token""#) && signInPage.text.contains(#"name="_csrf""#))
            let signedIn = try await browser.post("/console/admin/signin", form: "token=\(token)&_csrf=\(browser.preToken)")
            #expect(signedIn.status == .seeOther)
            for slug in ["", "/accounts", "/codes", "/prices", "/channels", "/usage", "/settings"] {
                let page = try await browser.get("/console/admin" + slug)
                #expect(page.status == .ok, "\(slug)")
                #expect(page.text.contains("<h1>") && Browser.meta(page.text) != nil, "\(slug)")
            }
            let csrf = try #require(Browser.meta(try await browser.get("/console/admin/prices").text))
            // A refusal comes back as a notice on the page it came from, escaped.
            let refused = try await browser.post("/console/admin/accounts", form: "name=%3Cx%3E&credit=-1&_csrf=\(csrf)")
            #expect(refused.status == .seeOther)
            let location = try #require(refused.headers[.location])
            let notice = try await browser.get(location).text
            #expect(notice.contains(#"<p class="notice error" role="status">Enter a dollar amount, like 5 or 0.06.</p>"#))
            // A batch of codes is shown once, one per line.
            let batch = try await browser.post("/console/admin/codes", form: "count=2&amount=1&memo=%3Cm%3E&_csrf=\(csrf)")
            #expect(batch.status == .created && batch.text.contains(#"<h2>2 new codes worth $1.00 each</h2>"#))
            let codes = try #require(batch.text.firstRange(of: #"<pre id="codes-list">"#).map { batch.text[$0.upperBound...].prefix { $0 != "<" } })
            #expect(codes.split(separator: "\n").count == 2 && codes.hasPrefix("IDG-"))
            #expect(batch.text.contains("<td>&lt;m&gt;</td>"))
            // Every operation can be priced, and the usage filter offers each one.
            let prices = try await browser.get("/console/admin/prices").text
            let usage = try await browser.get("/console/admin/usage?account_id=%3Cq%3E").text
            for operation in IdeogramAPI.Operation.allCases {
                #expect(prices.contains("<option>\(operation.rawValue)</option>"), "\(operation.rawValue)")
                #expect(usage.contains(#"<option value="\#(operation.rawValue)">"#), "\(operation.rawValue)")
            }
            #expect(usage.contains(#"name="account_id" value="&lt;q&gt;""#) && usage.contains(#"href="/console/admin/usage.csv?account_id=%3Cq%3E""#))
        }
    }

    @Test func signInPagesAndErrorPagesComeFromTemplates() async throws {
        let t = try await TestGateway.make()
        try await t.test { client in
            let signIn = try await client.execute(uri: "/console/signin", method: .get)
            #expect(signIn.text.contains(#"<form method="post" action="/console/signin" class="stack">"#))
            #expect(signIn.text.contains(#"autocomplete="current-password""#) && signIn.text.contains(#"name="_csrf" value=""#))
            let browser = try await Browser.start(client)
            let wrong = try await browser.post("/console/signin", form: "email=%22%3E%3Cx%3E%40example.com&password=nope&_csrf=\(browser.preToken)")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains(#"value="&quot;&gt;&lt;x&gt;@example.com""#) && wrong.text.contains(#"<p class="notice error" role="status">"#))
            let signUp = try await client.execute(uri: "/console/signup", method: .get)
            #expect(signUp.text.contains(#"minlength="\#(ConsoleAccounts.minPasswordLength)""#) && signUp.text.contains("Already have an account?"))

            // An error page: status, message and code, from error.mustache inside the frame.
            let signedIn = try await Browser.signUp(client, email: "ada@example.com")
            let csrf = try await signedIn.csrf()
            let missing = try await signedIn.post("/console/keys/key_%3Cnope%3E/revoke", form: "_csrf=\(csrf)")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains(#"<code class="error-code">key_not_found</code>"#) && missing.text.contains("<h1>404 Not Found</h1>"))
            #expect(!missing.text.contains("<nope>"))
        }
    }
}
