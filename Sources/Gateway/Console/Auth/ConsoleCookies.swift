import Foundation
import HTTPTypes
import Hummingbird

/// How the console's cookies are written: always HttpOnly and SameSite=Lax; `Secure` when the
/// console is served over HTTPS — the public URL says so, a proxy says so with
/// `X-Forwarded-Proto: https`, or the operator forces it either way.
struct ConsoleCookies: Sendable {
    /// nil decides per request; true or false forces the attribute.
    let forceSecure: Bool?
    let publicURL: String?

    func isSecure(_ request: Request) -> Bool {
        if let forceSecure { return forceSecure }
        if let publicURL, publicURL.lowercased().hasPrefix("https://") { return true }
        return request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    func make(name: String, value: String, path: String, maxAge: Int, request: Request) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)", "Max-Age=\(maxAge)", "HttpOnly", "SameSite=Lax"]
        if isSecure(request) { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
