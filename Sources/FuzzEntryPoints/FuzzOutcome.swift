/// What one fuzz input did to a parser.
///
/// The promise under test is the gateway's: a caller's bytes end either in a decoded request or in
/// a refusal the caller can act on (a 4xx with a machine code) — never in a crash, a 5xx or an
/// error type nobody renders. `violation` is that promise broken; the fuzz targets turn it into a
/// crash so libFuzzer keeps the input, and the replay test fails on it.
public enum FuzzOutcome: Sendable, Equatable {
    case accepted
    case refused(status: Int, code: String)
    case violation(String)

    /// A refusal, or a violation when the status is not a client error.
    static func refusal(status: Int, code: String, from source: String) -> FuzzOutcome {
        (400..<500).contains(status) ? .refused(status: status, code: code) : .violation("\(source) answered \(status) \(code)")
    }

    public var isViolation: Bool {
        if case .violation = self { true } else { false }
    }
}
