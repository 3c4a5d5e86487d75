import Foundation

/// How fast something may happen: at most `burst` at once, then one more every `interval`.
public struct RateRule: Sendable, Equatable {
    public var burst: Int
    public var interval: Duration

    public init(burst: Int, interval: Duration) {
        self.burst = max(1, burst)
        self.interval = interval
    }

    /// `count` a minute, all of which may come at once.
    public static func perMinute(_ count: Int) -> RateRule {
        RateRule(burst: count, interval: .seconds(60) / max(1, count))
    }
}

/// Token buckets by key (a client address, an email, an account), held in memory.
///
/// Memory is bounded: past `capacity` keys, buckets that have refilled are dropped (a full
/// bucket and no bucket are the same thing), then, if that is not enough, the least recently
/// used. Evicting a bucket that is not full forgives its key a little; an attacker would need
/// `capacity` fresh keys (addresses, emails) to force it, and each of those is limited itself.
actor RateLimiter {
    let rule: RateRule
    let capacity: Int
    private var buckets: [String: Bucket] = [:]

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    init(_ rule: RateRule, capacity: Int = 20_000) {
        self.rule = rule
        self.capacity = max(16, capacity)
    }

    /// Spends one token of `key`: nil when it was there, otherwise how long until one is.
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        var bucket = refilled(key, now: now)
        defer { keep(key, bucket, now: now) }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        return rule.interval * (1 - bucket.tokens)
    }

    /// Gives back a token taken for an attempt that turned out not to count.
    func refund(_ key: String, now: ContinuousClock.Instant = .now) {
        guard buckets[key] != nil else { return }
        var bucket = refilled(key, now: now)
        bucket.tokens = min(Double(rule.burst), bucket.tokens + 1)
        keep(key, bucket, now: now)
    }

    var count: Int { buckets.count }

    private func refilled(_ key: String, now: ContinuousClock.Instant) -> Bucket {
        guard let bucket = buckets[key] else { return Bucket(tokens: Double(rule.burst), updated: now) }
        let earned = max(0, (now - bucket.updated) / rule.interval)
        return Bucket(tokens: min(Double(rule.burst), bucket.tokens + earned), updated: now)
    }

    private func keep(_ key: String, _ bucket: Bucket, now: ContinuousClock.Instant) {
        buckets[key] = bucket
        if buckets.count > capacity { evict(now: now) }
    }

    private func evict(now: ContinuousClock.Instant) {
        let full = Double(rule.burst)
        buckets = buckets.filter { _, bucket in bucket.tokens + max(0, (now - bucket.updated) / rule.interval) < full }
        let target = capacity * 3 / 4
        if buckets.count > target {
            let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count - target)
            for (key, _) in oldest { buckets[key] = nil }
        }
    }
}

extension GatewayError {
    /// A 429 with `Retry-After` in whole seconds, at least one.
    static func tooManyRequests(_ code: String, _ message: (_ seconds: Int) -> String, retryAfter wait: Duration) -> GatewayError {
        let seconds = max(1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
        return GatewayError(.tooManyRequests, code, message(seconds), headers: [.retryAfter: String(seconds)])
    }
}
