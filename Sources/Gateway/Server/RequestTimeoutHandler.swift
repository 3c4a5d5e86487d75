import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes connections whose client sends too slowly or not at all (slowloris, stalled uploads,
/// idle keep-alive connections), so each one costs a bounded time and a bounded amount of memory.
///
/// - From the connection opening, or the previous response, the next request head must be
///   complete within `requestHead`.
/// - While a body arrives, no gap may exceed `bodyIdle`, and the whole body must arrive within
///   `bodyTotal`.
/// While the gateway itself works on a request (after its body ended, before its response ended)
/// no timer runs: a slow upstream is the gateway's business, not the client's.
///
/// It sits behind the HTTP codec, so it sees whole heads rather than bytes: a head that never
/// completes never arrives, and the head timer fires.
///
/// It also ends connections whose request was refused before its body was read (a 401 from the
/// headers, a 413 from `Content-Length`): rather than reading and discarding what may be tens of
/// megabytes, it half-closes after the answer — the client sees the response and a FIN, as nginx
/// does it — and closes fully after `linger`, whatever the client still sends.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeouts: ConnectionTimeouts
    /// When each phase's allowance runs out; nil while that phase is not running.
    private var headDeadline: NIODeadline?
    private var bodyIdleDeadline: NIODeadline?
    private var bodyTotalDeadline: NIODeadline?
    /// One timer for all three deadlines. Re-arming a deadline only moves a number: the timer
    /// is rescheduled when a deadline comes earlier than it, and when it fires early it checks
    /// and sleeps on. Scheduling and cancelling three timers per request (as every request moves
    /// its deadlines) was a measurable share of a request's CPU.
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline?
    /// A request head arrived and its body has not ended yet.
    private var bodyPending = false
    /// The response being written refuses a request whose body was not read.
    private var refusing = false
    /// How long a refused request's remaining body is still read (and discarded) after the answer.
    static let linger: TimeAmount = .seconds(5)

    init(_ timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armHead(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armHead(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelAll()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelAll()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            let now = NIODeadline.now()
            headDeadline = nil
            bodyPending = true
            bodyIdleDeadline = now + TimeAmount(timeouts.bodyIdle)
            bodyTotalDeadline = now + TimeAmount(timeouts.bodyTotal)
            rearm(context)
        case .body:
            bodyIdleDeadline = .now() + TimeAmount(timeouts.bodyIdle)
            rearm(context)
        case .end:
            bodyPending = false
            bodyIdleDeadline = nil
            bodyTotalDeadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            refusing = bodyPending && response.status.code >= 400
        case .body:
            break
        case .end:
            if refusing {
                refusing = false
                let channel = context.channel
                let written = promise ?? context.eventLoop.makePromise()
                written.futureResult.whenComplete { _ in
                    channel.close(mode: .output, promise: nil)
                    channel.eventLoop.scheduleTask(in: Self.linger) { channel.close(promise: nil) }
                }
                context.write(data, promise: written)
                return
            }
            // The response is out: the connection is idle until the next head arrives.
            armHead(context)
        }
        context.write(data, promise: promise)
    }

    private func armHead(_ context: ChannelHandlerContext) {
        headDeadline = .now() + TimeAmount(timeouts.requestHead)
        rearm(context)
    }

    /// Makes sure the timer fires no later than the earliest deadline.
    private func rearm(_ context: ChannelHandlerContext) {
        guard let next = earliestDeadline else { return }
        if let timerAt, timerAt <= next { return }
        timer?.cancel()
        timerAt = next
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: next) {
            let (handler, context) = loopBound.value
            handler.timerFired(context)
        }
    }

    private var earliestDeadline: NIODeadline? {
        func earlier(_ a: NIODeadline?, _ b: NIODeadline?) -> NIODeadline? {
            guard let a else { return b }
            guard let b else { return a }
            return min(a, b)
        }
        return earlier(headDeadline, earlier(bodyIdleDeadline, bodyTotalDeadline))
    }

    private func timerFired(_ context: ChannelHandlerContext) {
        timer = nil
        timerAt = nil
        let now = NIODeadline.now()
        if let due = earliestDeadline, due <= now {
            context.channel.close(promise: nil)
        } else {
            rearm(context)
        }
    }

    private func cancelAll() {
        timer?.cancel()
        timer = nil
        timerAt = nil
        headDeadline = nil
        bodyIdleDeadline = nil
        bodyTotalDeadline = nil
    }
}
