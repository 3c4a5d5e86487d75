import IdeogramAPI

extension KeyScope {
    /// The field names a scope object may carry on the wire. An unknown name is refused rather
    /// than ignored: a misspelt `ip_range` would otherwise leave a key open to every address.
    static let fieldNames: Set<String> = ["operations", "models", "ip_ranges", "spend_limit_micros", "daily_spend_limit_micros"]

    /// Names key scopes match against (`IdeogramRequest.scopeModel`): legacy models, V3 speeds,
    /// and `*` for endpoints that have neither.
    static var knownModels: Set<String> {
        Set(LegacyModel.allCases.map(\.rawValue)).union(RenderingSpeed.allCases.map(\.rawValue)).union([PriceList.anyVariant])
    }

    /// The scope with every value checked, or a 400 naming the first bad one. Lists are
    /// de-duplicated and `BALANCED` becomes `DEFAULT`, the name admission compares against.
    public func validated() throws -> KeyScope {
        var out = self
        if let operations {
            // `relay:/v2/…` names a relayed path (RelaySpec).
            for op in operations where IdeogramAPI.Operation(rawValue: op) == nil && !RelaySpec.isOperationName(op) {
                throw GatewayError(
                    .badRequest, "unknown_operation",
                    "Unknown operation \"\(op)\". Known: \(IdeogramAPI.Operation.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            out.operations = Self.unique(operations)
        }
        if let models {
            let known = Self.knownModels
            for model in models where !known.contains(model) {
                throw GatewayError(
                    .badRequest, "unknown_model", "Unknown model or rendering speed \"\(model)\". Known: \(known.sorted().joined(separator: ", ")).")
            }
            out.models = Self.unique(models.map { $0 == RenderingSpeed.balanced.rawValue ? RenderingSpeed.default.rawValue : $0 })
        }
        if let ipRanges {
            for range in ipRanges where IPRange(range) == nil {
                throw GatewayError(.badRequest, "invalid_ip_range", "\"\(range)\" is not an IP address or CIDR range (e.g. 203.0.113.7 or 10.0.0.0/8).")
            }
            out.ipRanges = Self.unique(ipRanges)
        }
        if let limit = spendLimitMicros, limit < 0 {
            throw GatewayError(.badRequest, "invalid_limit", "spend_limit_micros must not be negative.")
        }
        if let limit = dailySpendLimitMicros, limit < 0 {
            throw GatewayError(.badRequest, "invalid_limit", "daily_spend_limit_micros must not be negative.")
        }
        return out
    }

    /// True when everything `self` allows, `parent` allows too — so a key can hand out keys that
    /// are narrower than itself, never wider.
    public func isWithin(_ parent: KeyScope) -> Bool {
        if let allowed = parent.operations {
            guard let mine = operations, Set(mine).isSubset(of: allowed) else { return false }
        }
        if let allowed = parent.models {
            guard let mine = models, Set(mine).isSubset(of: allowed) else { return false }
        }
        if let allowed = parent.ipRanges?.compactMap(IPRange.init) {
            guard let mine = ipRanges?.compactMap(IPRange.init), mine.count == ipRanges?.count else { return false }
            guard mine.allSatisfy({ range in allowed.contains { $0.contains(range) } }) else { return false }
        }
        if let limit = parent.spendLimitMicros {
            guard let mine = spendLimitMicros, mine <= limit else { return false }
        }
        if let limit = parent.dailySpendLimitMicros {
            guard let mine = dailySpendLimitMicros, mine <= limit else { return false }
        }
        return true
    }

    /// True when the scope limits nothing.
    public var isUnrestricted: Bool {
        operations == nil && models == nil && ipRanges == nil && spendLimitMicros == nil && dailySpendLimitMicros == nil
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
