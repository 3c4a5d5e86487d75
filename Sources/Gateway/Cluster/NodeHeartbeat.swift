import Logging
import NIOConcurrencyHelpers

/// Runs this node's heartbeat (and, when nodes share the database, the reaping of dead nodes)
/// from the lifecycle's start until the ordered shutdown has drained everything this node still
/// owns: a node that drains for longer than the horizon must not look dead meanwhile.
final class NodeHeartbeat: Sendable {
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func start(registry: NodeRegistry, tasks: TaskRunner, logger: Logger) {
        loop.withLockedValue { current in
            guard current == nil else { return }
            current = Task {
                var failures = 0
                while !Task.isCancelled {
                    do {
                        try await registry.beat()
                        if registry.shared {
                            try await registry.reap(tasks: tasks)
                            try await tasks.cancelRequestedElsewhere()
                        }
                        failures = 0
                    } catch {
                        failures += 1
                        // Past the horizon the others release this node's work; say so loudly.
                        logger.error("heartbeat failed", metadata: ["consecutive": "\(failures)", "error": "\(type(of: error))"])
                    }
                    try? await Task.sleep(for: registry.interval)
                }
            }
        }
    }

    /// Stops the loop and waits for a beat in progress to end.
    func stop() async {
        let task = loop.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        task?.cancel()
        await task?.value
    }
}
