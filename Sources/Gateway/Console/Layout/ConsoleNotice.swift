/// A short notice above a page's content (`notices.mustache`): something that worked, or a
/// refusal shown on the page it came from.
struct ConsoleNotice: Sendable {
    enum Kind: String, Sendable { case ok, error }

    var text: String
    var kind: String

    init(_ text: String, kind: Kind = .ok) {
        self.text = text
        self.kind = kind.rawValue
    }

    /// The notices for an optional success and an optional error message; blank ones are dropped.
    static func list(ok: String? = nil, error: String? = nil) -> [ConsoleNotice] {
        var notices: [ConsoleNotice] = []
        if let ok, !ok.isEmpty { notices.append(ConsoleNotice(ok)) }
        if let error, !error.isEmpty { notices.append(ConsoleNotice(error, kind: .error)) }
        return notices
    }
}
