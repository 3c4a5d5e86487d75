/// A relayed request's query string, kept as the caller encoded it: the relay forwards it as it
/// came, less `dry_run`, which the relay answers itself at the customer's price.
struct Query: Sendable {
    var items: [(String, String)]

    init(_ raw: String?) {
        items = (raw ?? "").split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    var dryRun: Bool {
        items.contains { $0.0 == "dry_run" && ["true", "1", "yes"].contains($0.1.lowercased()) }
    }

    var forwarded: [(String, String)] { items.filter { $0.0 != "dry_run" } }

    static func encode(_ items: [(String, String)]) -> String? {
        items.isEmpty ? nil : items.map { $0.1.isEmpty ? $0.0 : "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
