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
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeouts: ConnectionTimeouts
    private var headTimer: Scheduled<Void>?
    private var bodyIdleTimer: Scheduled<Void>?
    private var bodyTotalTimer: Scheduled<Void>?

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
            armBodyIdle(context)
            bodyTotalTimer?.cancel()
            bodyTotalTimer = schedule(context, after: timeouts.bodyTotal)
        case .body:
            armBodyIdle(context)
        case .end:
            bodyIdleTimer?.cancel()
            bodyTotalTimer?.cancel()
            bodyIdleTimer = nil
            bodyTotalTimer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
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
