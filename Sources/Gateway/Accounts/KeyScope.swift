/// What one API key may do. Every limit is optional; an empty scope allows everything the
/// account can pay for.
public struct KeyScope: Sendable, Codable, Equatable {
    /// `Operation` raw values (e.g. `v3.generate`); nil allows all.
    public var operations: [String]?
    /// Legacy models (`V_2`, …) or V3 rendering speeds (`TURBO`, …); nil allows all.
    public var models: [String]?
    /// Addresses or CIDR ranges (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`); nil allows any.
    public var ipRanges: [String]?
    /// Most this key may ever spend, in micros.
    public var spendLimitMicros: Int64?
    /// Most this key may spend per UTC day, in micros.
    public var dailySpendLimitMicros: Int64?

    public init(
        operations: [String]? = nil, models: [String]? = nil, ipRanges: [String]? = nil,
        spendLimitMicros: Int64? = nil, dailySpendLimitMicros: Int64? = nil
    ) {
        self.operations = operations
        self.models = models
        self.ipRanges = ipRanges
        self.spendLimitMicros = spendLimitMicros
        self.dailySpendLimitMicros = dailySpendLimitMicros
    }

    enum CodingKeys: String, CodingKey {
        case operations, models
        case ipRanges = "ip_ranges"
        case spendLimitMicros = "spend_limit_micros"
        case dailySpendLimitMicros = "daily_spend_limit_micros"
    }
}
