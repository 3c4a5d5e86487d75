import Foundation
import HTTPTypes
import IdeogramAPI
import Logging

/// What the pipeline hands over when a caller asked for an asynchronous answer. The money is
/// already held.
struct TaskSubmission: Sendable {
    var request: IdeogramRequest
    var quote: Quote
    var caller: Caller
    var origin: RequestOrigin
    var trace: UsageTrace
    var webhookURL: String?
    var answer: TaskAnswer = .task
}

/// Runs asynchronous tasks beside the HTTP exchanges that created them, keeps their state in the
/// store, and sends their webhooks.
///
/// Every task ends in exactly one final state, and its money follows the same rule as a
/// synchronous request (the pipeline's `execute` settles on every path). A cancelled task is
/// released in full unless it had already finished, in which case the finish stands.
public actor TaskRunner {
    let store: any TaskStore
    let webhooks: WebhookSender
    let logger: Logger
    /// This node, recorded on each task so that only a dead node's tasks are failed by others.
    let node: String?
    private var running: [String: Task<Void, Never>] = [:]
    private var cancelRequested: Set<String> = []
    /// False once shutdown began: a task accepted now could not run to its end.
    private var accepting = true

    static let taskIDField = HTTPField.Name("X-Ideogate-Task-Id")!

    init(store: any TaskStore, webhooks: WebhookSender, logger: Logger, node: String? = nil) {
        self.node = node
        self.store = store
        self.webhooks = webhooks
        self.logger = logger
    }

    /// Checks a webhook URL before anything is held.
    func validate(webhookURL: String?) async throws {
        if let webhookURL { try await webhooks.guardrail.check(webhookURL) }
    }

    func submit(_ submission: TaskSubmission, pipeline: ImagePipeline) async throws -> PipelineResponse {
        guard accepting else { throw GatewayError.shuttingDown }
        var submission = submission
        // A task outlives the connection that submitted it: that is what asynchronous is for.
        submission.origin.connectionClosed = nil
        let now = Date().millis
        let id = "task_" + KeySecret.randomToken(length: 22)
        try await store.createTask(TaskRecord(
            id: id, accountID: submission.caller.account.id, requestID: submission.origin.requestID,
            operation: submission.request.operation.rawValue, status: .queued, httpStatus: nil, result: nil,
            webhookURL: submission.webhookURL, createdAt: now, updatedAt: now, node: node))
        running[id] = Task { await self.execute(id, submission, pipeline: pipeline) }
        if submission.answer == .generationID {
            var response = try PipelineResponse.json(AsyncGenerationAccepted(generationID: GenerationID.of(taskID: id)))
            response.headers[Self.taskIDField] = id
            return response
        }
        // The task's id is its generation id too (GenerationRoutes): one id, two views.
        var response: PipelineResponse
        if submission.request.operation.isV2 {
            // Ideogram's /v2 acknowledgement: a 200 with `{generation_id, seed}` and no `data`.
            let request = submission.request
            let ack = V2ImageResponse(request.operation, generationID: id, seed: request.seed ?? 0, size: request.outputResolution, data: nil)
            response = PipelineResponse(status: .ok, body: IdeogramJSON.encode(ack))
            response.headers[.location] = "/v2/generations/\(id)"
        } else {
            response = try PipelineResponse.json(
                TaskAccepted(taskID: id, generationID: id, status: TaskStatus.queued.rawValue), status: .accepted)
            response.headers[.location] = "/ideogram/tasks/\(id)"
        }
        response.headers[Self.taskIDField] = id
        return response
    }

    private func execute(_ id: String, _ submission: TaskSubmission, pipeline: ImagePipeline) async {
        await write("running", id) { try await $0.updateTask(id: id, status: .running, httpStatus: nil, result: nil, at: Date().millis) }
        let outcome: PipelineResponse
        var status = TaskStatus.succeeded
        do {
            outcome = try await pipeline.execute(
                submission.request, quote: submission.quote, caller: submission.caller, origin: submission.origin,
                trace: submission.trace, taskID: id).answer
        } catch {
            status = cancelRequested.contains(id) ? .cancelled : .failed
            let failure = status == .cancelled ? GatewayError.taskCancelled : ImagePipeline.gatewayError(from: error)
            outcome = PipelineResponse.error(failure, requestID: submission.origin.requestID)
        }
        await finish(id, status: status, outcome: outcome, accountID: submission.caller.account.id, webhookURL: submission.webhookURL)
    }

    private func finish(_ id: String, status: TaskStatus, outcome: PipelineResponse, accountID: String, webhookURL: String?) async {
        // After a success the state committed with the settlement already; this write then finds the
        // task final and changes nothing.
        await write("final state", id) {
            try await $0.updateTask(
                id: id, status: status, httpStatus: Int(outcome.status.code), result: Array(outcome.body.readableBytesView),
                at: Date().millis)
        }
        running[id] = nil
        cancelRequested.remove(id)
        guard let webhookURL else { return }
        let task: TaskRecord
        do {
            guard let stored = try await store.task(id: id) else { return }
            task = stored
        } catch {
            logger.error("task not read back for its webhook", metadata: ["task_id": "\(id)", "error": "\(type(of: error))"])
            return
        }
        let payload = WebhookPayload.body(task)
        // The webhook is retried for minutes: the sender owns the delivery, the runner moves on.
        await webhooks.enqueue(taskID: id, accountID: accountID, url: webhookURL, body: payload)
    }

    /// A task's state write that failed is logged, never turned into a failed task: the ledger
    /// holds the money either way, and a task left unfinished is failed (and released) at start-up.
    private func write(_ what: String, _ id: String, _ body: (any TaskStore) async throws -> Bool) async {
        do { _ = try await body(store) } catch {
            logger.error("task state not written", metadata: ["task_id": "\(id)", "state": "\(what)", "error": "\(type(of: error))"])
        }
    }

    /// Cancels a task that has not finished. Returns the task as it ended: `cancelled`, or the
    /// state it reached first if it finished while being cancelled.
    ///
    /// A task running on another node (several nodes share the database) is cancelled by that
    /// node at its next heartbeat; this waits up to `remoteWait` for it to end.
    func cancel(_ id: String, remoteWait: Duration = .seconds(10)) async throws -> TaskRecord? {
        guard let handle = running[id] else {
            guard let task = try await store.task(id: id), !task.status.isFinal, task.node != nil, task.node != node,
                  try await store.requestTaskCancel(id: id, at: Date().millis)
            else { return try await store.task(id: id) }
            let giveUp = ContinuousClock.now + remoteWait
            while ContinuousClock.now < giveUp {
                try await Task.sleep(for: .milliseconds(100))
                if let now = try await store.task(id: id), now.status.isFinal { return now }
            }
            return try await store.task(id: id)
        }
        cancelRequested.insert(id)
        handle.cancel()
        await handle.value
        return try await store.task(id: id)
    }

    /// Cancels the tasks of this node that a caller asked another node to cancel. Runs with the
    /// heartbeat while the asking node waits for the task to end.
    func cancelRequestedElsewhere() async throws {
        guard let node else { return }
        for id in try await store.tasksToCancel(node: node) where running[id] != nil {
            _ = try await cancel(id)
        }
    }

    /// For graceful shutdown: waits up to `timeout` for running tasks to finish, then cancels
    /// what remains — a cancelled task releases its hold and ends `cancelled`, never charged.
    func drain(timeout: Duration) async {
        accepting = false
        let deadline = ContinuousClock.now + timeout
        while !running.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let remaining = running
        for (id, handle) in remaining {
            cancelRequested.insert(id)
            handle.cancel()
        }
        for handle in remaining.values { await handle.value }
    }

    var runningCount: Int { running.count }

    /// Fails tasks whose node died (on the embedded store: every task a previous run left
    /// unfinished). Their holds are released by the same reaping, so they are never run twice and
    /// never charged. Only the node whose write ends the task sends its webhook, so several nodes
    /// reaping at once notify once. Returns how many this node ended.
    func fail(_ orphans: [TaskRecord]) async -> Int {
        var ended = 0
        for task in orphans {
            let failure = PipelineResponse.error(.taskInterrupted, requestID: task.requestID)
            let won: Bool
            do {
                won = try await store.updateTask(
                    id: task.id, status: .failed, httpStatus: Int(failure.status.code), result: Array(failure.body.readableBytesView),
                    at: Date().millis)
            } catch {
                logger.error("interrupted task not failed; the next reaping retries", metadata: ["task_id": "\(task.id)"])
                continue
            }
            guard won else { continue }
            ended += 1
            guard let webhookURL = task.webhookURL, let stored = try? await store.task(id: task.id) else { continue }
            await webhooks.enqueue(taskID: task.id, accountID: task.accountID, url: webhookURL, body: TaskView.body(stored, deliveries: []))
        }
        return ended
    }
}

struct TaskAccepted: Encodable {
    var taskID: String
    /// The same id, for clients that poll `/v1/generations/{id}` as they would Ideogram's.
    var generationID: String
    var status: String
}

extension GatewayError {
    static let taskCancelled = GatewayError(
        HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request"), "task_cancelled",
        "The task was cancelled before it finished. Nothing was charged.")
    static let taskInterrupted = GatewayError(
        .serviceUnavailable, "task_interrupted", "The gateway restarted while this task was running. It was not charged; submit it again.")
    static let shuttingDown = GatewayError(
        .serviceUnavailable, "shutting_down", "The gateway is shutting down and accepts no new tasks. Nothing was charged; retry shortly.",
        headers: [.retryAfter: "5"])
    static let taskNotFound = GatewayError(.notFound, "task_not_found", "No such task for this account.")
}
