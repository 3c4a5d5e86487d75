/// An error-ratio circuit breaker for one channel.
///
/// Closed: every request may go, outcomes fill a sliding window. When the window holds enough
/// samples and too many are failures, the breaker opens: the channel gets nothing for `cooldown`.
/// Then it is half-open: exactly one trial request goes through; its success closes the breaker
/// (with a clean window), its failure opens it again.
public struct CircuitBreaker: Sendable {
    public struct Settings: Sendable {
        public var window = 20
        public var minimumSamples = 5
        /// Failures / samples at or above which the breaker opens.
        public var failureRatio = 0.5
        public var cooldown: Duration = .seconds(30)
        public init() {}
    }

    public enum State: Sendable, Equatable {
        case closed
        case open(until: ContinuousClock.Instant)
        case halfOpen(trialInFlight: Bool)

        /// For metrics: 0 closed, 1 half-open, 2 open.
        var gaugeValue: Int {
            switch self {
            case .closed: 0
            case .halfOpen: 1
            case .open: 2
            }
        }
    }

    let settings: Settings
    private(set) var state: State = .closed
    private var outcomes: [Bool] = []

    init(settings: Settings) { self.settings = settings }

    /// Whether a request may be sent now; moves an open breaker whose cooldown passed to half-open.
    mutating func permits(now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(trialInFlight: false)
            return true
        case .halfOpen(let trialInFlight): return !trialInFlight
        }
    }

    /// Call when a request is actually sent; true when it is the half-open trial.
    mutating func begin() -> Bool {
        if case .halfOpen = state {
            state = .halfOpen(trialInFlight: true)
            return true
        }
        return false
    }

    mutating func record(success: Bool, trial: Bool, now: ContinuousClock.Instant) {
        if trial {
            if success {
                state = .closed
                outcomes = []
            } else {
                state = .open(until: now + settings.cooldown)
            }
            return
        }
        guard case .closed = state else { return }
        outcomes.append(success)
        if outcomes.count > settings.window { outcomes.removeFirst(outcomes.count - settings.window) }
        let failures = outcomes.filter { !$0 }.count
        if outcomes.count >= settings.minimumSamples, Double(failures) / Double(outcomes.count) >= settings.failureRatio {
            state = .open(until: now + settings.cooldown)
            outcomes = []
        }
    }
}
