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
    /// The page's main content, rendered by its template (so already escaped).
    var body: String

    static let customerLinks: [(String, String)] = [
        ("home", "Home"), ("playground", "Playground"), ("gallery", "Gallery"), ("keys", "Keys"),
        ("usage", "Usage"), ("redeem", "Redeem"), ("api", "API"),
    ]
    static let adminLinks: [(String, String)] = [
        ("", "Overview"), ("accounts", "Accounts"), ("codes", "Codes"), ("prices", "Prices"),
        ("channels", "Channels"), ("usage", "Usage"), ("settings", "Settings"),
    ]

    init(title: String, area: Area, body: String) {
        self.title = title
        self.area = area
        self.body = body
    }

    /// A page whose content is `template` rendered with `view`.
    init(title: String, area: Area, template: ConsoleTemplates.Name, view: Any) {
        self.init(title: title, area: area, body: ConsoleTemplates.render(template, view))
    }

    /// What `page.mustache` renders: the frame around `body`.
    struct FrameView {
        struct Link {
            var href: String
            var name: String
            var on: Bool
        }
        struct Nav {
            var links: [Link]
            var who: String
            var signOut: String
        }
        var title: String
        var home: String
        /// Signed-in pages only: the token the script sends with its calls, and the sign-out form's.
        var csrf: String?
        var nav: Nav?
        /// Markup from the page's own template; the frame inserts it unescaped.
        var body: String
    }

    func html() -> String {
        var frame = FrameView(title: title, home: "/console", csrf: nil, nav: nil, body: body)
        switch area {
        case .none:
            break
        case .customer(let email, let csrf, let active):
            frame.csrf = csrf
            frame.nav = .init(links: Self.links(Self.customerLinks, base: "/console/", active: active), who: email, signOut: "/console/signout")
        case .admin(let csrf, let active):
            frame.home = "/console/admin"
            frame.csrf = csrf
            frame.nav = .init(links: Self.links(Self.adminLinks, base: "/console/admin/", active: active), who: "operator", signOut: "/console/admin/signout")
        }
        return ConsoleTemplates.render(.page, frame)
    }

    static func links(_ links: [(String, String)], base: String, active: String) -> [FrameView.Link] {
        links.map { slug, name in
            FrameView.Link(href: slug.isEmpty ? String(base.dropLast()) : base + slug, name: name, on: slug == active)
        }
    }

    /// An error page's machine-readable code, for scripts and tests that drive the console.
    static let errorCodeField = HTTPField.Name("X-Ideogate-Error-Code")!

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

    static func date(_ millis: Millis) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: Date(millis: millis)) + " UTC"
    }
}
