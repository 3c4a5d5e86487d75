/// Bounds what test keys (`sk-test-…`) may ask of the sandbox.
///
/// A test key skips the hold and is never charged, so no balance bounds its use, and every
/// request still renders real megapixel PNGs. The budget is per account, not per key: an
/// account can make more keys, but not more accounts.
struct TestKeyThrottle: Sendable {
    let limiter: RateLimiter?
    let perMinute: Int

    /// `perMinute` 0 turns the limit off.
    init(perMinute: Int) {
        self.perMinute = perMinute
        limiter = perMinute > 0 ? RateLimiter(.perMinute(perMinute)) : nil
    }

    func admit(_ caller: Caller) async throws {
        guard caller.isTest, let limiter, let wait = await limiter.take(caller.account.id) else { return }
        throw GatewayError.tooManyRequests("test_key_rate_limited", { seconds in
            "Test keys of this account may make \(perMinute) requests a minute. Try again in \(seconds) s, or use a live key."
        }, retryAfter: wait)
    }
}
