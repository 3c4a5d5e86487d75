import NIOCore

/// Closes a connection as soon as the client stops sending (a FIN), as nginx does.
///
/// Hummingbird accepts half-closed connections, so a client that gives up while its images are
/// rendering leaves the channel open and the request running. Closing here fires the channel's
/// close future, which the pipeline watches to stop waiting and release the hold.
final class HangupHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
