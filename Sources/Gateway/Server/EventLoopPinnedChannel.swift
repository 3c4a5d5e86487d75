import HummingbirdCore
import Logging
import NIOCore

/// Runs each connection's task — reading its requests, the whole pipeline, writing the
/// responses — on the connection's own event loop instead of Swift's cooperative pool.
///
/// Without it every step that touches the socket (the next request part, each response write)
/// crosses from a pool thread to the event loop thread and back, and each crossing is a thread
/// wake-up: profiled, those hand-offs were the largest single cost of a request (a sixth of the
/// CPU at 64 connections, most of it at one). With a task executor preference the task resumes
/// where its I/O completes, and the default actors it calls (the write batcher, the channel
/// scheduler) run on the same thread too. CPU-heavy work still leaves the loop: large uploads
/// decode on `CPUWork`, and SQLite runs on GRDB's own queue.
struct EventLoopPinnedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

/// An event loop as a Swift task executor: jobs run as event-loop tasks. Enqueued from the loop
/// itself (the usual case: I/O completed there) this costs no wake-up at all.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with every connection pinned to its event loop (see `EventLoopPinnedChannel`).
    static func pinnedHTTP1(configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        .init { responder in
            EventLoopPinnedChannel(base: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}
