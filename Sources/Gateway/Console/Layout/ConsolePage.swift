import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The frame every console page shares: head, navigation, sign-out, and the response headers
/// (a strict Content-Security-Policy: scripts and styles only from the console's own files).
struct ConsolePage {
    enum Area {
        /// Signed out: no navigation.
        case none
        case customer(email: String, csrf: String, active: String)
        case admin(csrf: String, active: String)
    }

    var title: String
    var area: Area
    /// Already-escaped HTML of the page's main content.
    var body: String

    static let customerLinks: [(String, String)] = [
        ("home", "Home"), ("playground", "Playground"), ("gallery", "Gallery"), ("keys", "Keys"),
        ("usage", "Usage"), ("redeem", "Redeem"), ("api", "API"),
    ]
    static let adminLinks: [(String, String)] = [
        ("", "Overview"), ("accounts", "Accounts"), ("codes", "Codes"), ("prices", "Prices"),
        ("channels", "Channels"), ("usage", "Usage"), ("settings", "Settings"),
    ]

    func html() -> String {
        var nav = ""
        var csrfMeta = ""
        switch area {
        case .none:
            break
        case .customer(let email, let csrf, let active):
            csrfMeta = #"<meta name="csrf-token" content="\#(HTML.escape(csrf))">"#
            nav = Self.nav(Self.customerLinks, base: "/console/", active: active)
                + #"<div class="who"><span>\#(HTML.escape(email))</span><form method="post" action="/console/signout">\#(Self.csrfField(csrf))<button class="link">Sign out</button></form></div>"#
        case .admin(let csrf, let active):
            csrfMeta = #"<meta name="csrf-token" content="\#(HTML.escape(csrf))">"#
            nav = Self.nav(Self.adminLinks, base: "/console/admin/", active: active)
                + #"<div class="who"><span>operator</span><form method="post" action="/console/admin/signout">\#(Self.csrfField(csrf))<button class="link">Sign out</button></form></div>"#
        }
        let home: String = if case .admin = area { "/console/admin" } else { "/console" }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Ideogate</title>
            <link rel="stylesheet" href="/console/assets/console.css">
            \(csrfMeta)
            <script src="/console/assets/console.js" defer></script>
            </head><body>
            <header class="top"><a class="brand" href="\(home)">Ideogate</a>\(nav)</header>
            <main>
            \(body)
            </main>
            </body></html>
            """
    }

    static func nav(_ links: [(String, String)], base: String, active: String) -> String {
        let items = links.map { slug, name -> String in
            let href = slug.isEmpty ? String(base.dropLast()) : base + slug
            return #"<a href="\#(href)"\#(slug == active ? #" class="on" aria-current="page""# : "")>\#(name)</a>"#
        }
        return "<nav>" + items.joined() + "</nav>"
    }

    /// An error page's machine-readable code, for scripts and tests that drive the console.
    static let errorCodeField = HTTPField.Name("X-Ideogate-Error-Code")!

    static func csrfField(_ token: String) -> String {
        #"<input type="hidden" name="_csrf" value="\#(HTML.escape(token))">"#
    }

    func response(status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html())))
    }

    static var securityHeaders: HTTPFields {
        [
            HTTPField.Name("Content-Security-Policy")!:
                "default-src 'self'; img-src 'self' data: blob: https: http:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "same-origin",
            .cacheControl: "no-store",
        ]
    }

    /// A 303 to `location`, the answer to a form that worked.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A short notice above a page's content: `ok` or `error`.
    static func notice(_ text: String?, kind: String = "ok") -> String {
        guard let text, !text.isEmpty else { return "" }
        return #"<p class="notice \#(kind)" role="status">\#(HTML.escape(text))</p>"#
    }

    static func date(_ millis: Millis) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: Date(millis: millis)) + " UTC"
    }
}
