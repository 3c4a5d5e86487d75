/// Upstream work the operator paid for and no customer did: the price of a policy (release on
/// hang-up), of an answer nobody can read (a timeout after the request was sent), of the
/// safety check (withheld images the operator chose not to charge), or of a crash. Recorded so
/// `ideogate audit` can show what the gateway cost the operator, never silently absorbed.
public struct OperatorLoss: Sendable, Equatable {
    public var requestID: String
    public var accountID: String
    /// The channel that may have billed, or nil when it is not known (a hold a crash left open).
    public var channel: String?
    /// Upstream images that may have been billed; an upper bound where `reason` is uncertain.
    public var images: Int
    public var reason: OperatorLossReason
    public var createdAt: Millis

    public init(requestID: String, accountID: String, channel: String?, images: Int, reason: OperatorLossReason, createdAt: Millis) {
        self.requestID = requestID
        self.accountID = accountID
        self.channel = channel
        self.images = images
        self.reason = reason
        self.createdAt = createdAt
    }
}

public enum OperatorLossReason: String, Sendable, CaseIterable {
    /// The operator chose "release on hang-up" and the client left after the upstream call.
    case releasedOnHangup = "released_on_hangup"
    /// The upstream call was sent but its answer never came or could not be read.
    case uncertainUpstream = "uncertain_upstream"
    /// Withheld by the safety check and not charged (`charge_unsafe_images` off).
    case withheldBySafety = "withheld_by_safety"
    /// The upstream delivered an image the gateway could not store or hand out.
    case notDelivered = "not_delivered"
    /// A hold a crash left open: the request may or may not have reached the upstream.
    case interrupted = "interrupted"
}

/// A task's final state, written in the same commit as its request's settlement, so a crash can
/// never leave a charged task that reports "not charged".
public struct TaskFinish: Sendable, Equatable {
    public var taskID: String
    public var status: TaskStatus
    public var httpStatus: Int
    public var result: [UInt8]

    public init(taskID: String, status: TaskStatus, httpStatus: Int, result: [UInt8]) {
        self.taskID = taskID
        self.status = status
        self.httpStatus = httpStatus
        self.result = result
    }
}
