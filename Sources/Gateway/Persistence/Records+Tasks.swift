/// The life of an asynchronous request.
public enum TaskStatus: String, Sendable, Codable {
    case queued, running, succeeded, failed, cancelled

    public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
}

public struct TaskRecord: Sendable, Equatable {
    public var id: String
    public var accountID: String
    public var requestID: String
    public var operation: String
    public var status: TaskStatus
    /// The status the synchronous call would have answered with, once finished.
    public var httpStatus: Int?
    /// The body the synchronous call would have returned, once finished.
    public var result: [UInt8]?
    public var webhookURL: String?
    public var createdAt: Millis
    public var updatedAt: Millis
    /// The node running it. A task whose node died is failed (and released) by another node.
    public var node: String?

    public init(
        id: String, accountID: String, requestID: String, operation: String, status: TaskStatus, httpStatus: Int?,
        result: [UInt8]?, webhookURL: String?, createdAt: Millis, updatedAt: Millis, node: String? = nil
    ) {
        self.node = node
        self.id = id
        self.accountID = accountID
        self.requestID = requestID
        self.operation = operation
        self.status = status
        self.httpStatus = httpStatus
        self.result = result
        self.webhookURL = webhookURL
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct WebhookDelivery: Sendable, Equatable, Codable {
    public var attempt: Int
    public var httpStatus: Int?
    public var error: String?
    public var at: Millis

    public init(attempt: Int, httpStatus: Int? = nil, error: String? = nil, at: Millis) {
        self.attempt = attempt
        self.httpStatus = httpStatus
        self.error = error
        self.at = at
    }
}

/// A finished response kept for replay: status, the headers that matter, the body.
public struct StoredResponse: Sendable, Equatable, Codable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

public enum IdempotencyClaim: Sendable, Equatable {
    case claimed
    case inProgress(fingerprint: String)
    case finished(fingerprint: String, response: StoredResponse)
}
