import NIOCore

/// Thrown when the caller hung up while their request was running.
struct ClientDisconnected: Error {}

/// Runs work that may take a long time (the upstream call) but gives up as soon as the client's
/// connection closes, so the hold is released instead of charging for images nobody receives.
///
/// It watches the channel's close future rather than reading the request stream: reading would
/// consume the next pipelined request and cost the connection its keep-alive.
enum ClientWatch {
    static func run<T: Sendable>(
        until closed: EventLoopFuture<Void>?, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let closed else { return try await work() }
        let (signal, continuation) = AsyncStream<Void>.makeStream()
        closed.whenComplete { _ in continuation.finish() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                for await _ in signal {}
                // Cancelled because the work finished first: not a disconnect.
                if Task.isCancelled { return nil }
                throw ClientDisconnected()
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw CancellationError()
        }
    }
}
