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
    private var headTimer: Scheduled<Void>?
    private var bodyIdleTimer: Scheduled<Void>?
    private var bodyTotalTimer: Scheduled<Void>?
    /// A request head arrived and its body has not ended yet.
    private var bodyPending = false
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
            headTimer?.cancel()
            headTimer = nil
            bodyPending = true
            armBodyIdle(context)
            bodyTotalTimer?.cancel()
            bodyTotalTimer = schedule(context, after: timeouts.bodyTotal)
        case .body:
            armBodyIdle(context)
        case .end:
            bodyPending = false
            bodyIdleTimer?.cancel()
            bodyTotalTimer?.cancel()
            bodyIdleTimer = nil
            bodyTotalTimer = nil
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
        headTimer?.cancel()
        headTimer = schedule(context, after: timeouts.requestHead)
    }

    private func armBodyIdle(_ context: ChannelHandlerContext) {
        bodyIdleTimer?.cancel()
        bodyIdleTimer = schedule(context, after: timeouts.bodyIdle)
    }

    private func schedule(_ context: ChannelHandlerContext, after delay: Duration) -> Scheduled<Void> {
        let channel = context.channel
        return context.eventLoop.scheduleTask(in: TimeAmount(delay)) {
            channel.close(promise: nil)
        }
    }

    private func cancelAll() {
        headTimer?.cancel()
        bodyIdleTimer?.cancel()
        bodyTotalTimer?.cancel()
        headTimer = nil
        bodyIdleTimer = nil
        bodyTotalTimer = nil
    }
}
