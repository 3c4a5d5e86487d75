/// Switches the operator flips at run time (admin API, CLI), kept in the store's settings table
/// beside the install's secrets — which this type never reads or lists.
///
/// Values are read from the store when needed rather than cached: the CLI may change them from
/// another process, and a read of one row costs far less than the request it decides about.
public struct OperatorSettings: Sendable {
    let store: any SettingsStore

    public init(store: any SettingsStore) { self.store = store }

    public enum Name: String, CaseIterable, Sendable {
        /// Charge images the safety check withheld (Ideogram bills them to us). Default off.
        case chargeUnsafeImages = "charge_unsafe_images"
        /// Let people create accounts on /console by themselves. Default on.
        case consoleSignUp = "console_signup"
        /// Let console users make test keys (`sk-test-…`), which use the sandbox for free. Default
        /// off: with sign-up open, anyone could otherwise run unmetered renders on the gateway.
        /// The admin API and the command line make test keys either way.
        case consoleTestKeys = "console_test_keys"

        var defaultValue: Bool {
            switch self {
            case .chargeUnsafeImages: false
            case .consoleSignUp: true
            case .consoleTestKeys: false
            }
        }
    }

    public func value(_ name: Name) async throws -> Bool {
        guard let stored = try await store.setting(name.rawValue) else { return name.defaultValue }
        return stored == "true"
    }

    /// Every operator setting with its current value.
    public func all() async throws -> [String: Bool] {
        var out: [String: Bool] = [:]
        for name in Name.allCases { out[name.rawValue] = try await value(name) }
        return out
    }

    public func set(_ name: String, to value: Bool) async throws {
        guard let known = Name(rawValue: name) else {
            throw GatewayError(
                .badRequest, "unknown_setting",
                "Unknown setting \"\(name)\". Known: \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        try await store.setSetting(known.rawValue, value: value ? "true" : "false")
    }

    /// Whether withheld images are charged. A store error counts as "no": never over-charge
    /// because a setting could not be read.
    func chargeUnsafeImages() async -> Bool {
        (try? await value(.chargeUnsafeImages)) ?? false
    }
}
