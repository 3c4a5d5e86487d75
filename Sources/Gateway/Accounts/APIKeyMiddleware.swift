import Hummingbird

/// Authenticates the API-key routes it guards, from the headers alone, and puts the `Caller` on
/// the request context (`context.caller`) — hummingbird-auth's pattern: handlers read the
/// identity, they never parse credentials. A request without a valid key is refused here, before
/// a byte of its body is read.
///
/// The key's address scope is checked by the handler (`GatewayContext.admittedCaller`, or the
/// pipeline's admission), which can log the refusal against the operation it was for.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let authenticator: Authenticator
    /// How a refusal of a key that was sent reaches the caller. Only OpenAI's generations route
    /// defers it (see `OpenAIRoutes.checkModelBeforeKey`); everywhere else it is thrown here.
    var refusal = Refusal.immediate

    enum Refusal: Sendable {
        case immediate
        /// Kept on the context for the handler, which must call `requireCaller()` before it
        /// does anything else.
        case deferred
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        do {
            context.identity = .caller(try await authenticator.authenticate(request.headers))
        } catch let error as GatewayError where refusal == .deferred && Credentials.apiKey(in: request.headers) != nil {
            context.identity = .refused(error)
        }
        return try await next(request, context)
    }
}

/// Who a request's credentials name, as its route group's authentication middleware found it.
enum RequestIdentity: Sendable {
    case caller(Caller)
    /// A deferred refusal (`APIKeyMiddleware.Refusal.deferred`).
    case refused(GatewayError)
    /// A customer signed in to the console (`CustomerSessionMiddleware`).
    case consoleViewer(ConsoleViewer)
    /// The operator signed in to the console (`OperatorSessionMiddleware`).
    case operatorSession(ConsoleSessionRecord)
}

extension GatewayContext {
    /// The authenticated caller. Throws the deferred refusal, if any; a route with no
    /// authentication middleware has no caller, which is a wiring mistake, not the caller's.
    func requireCaller() throws -> Caller {
        switch identity {
        case .caller(let caller): return caller
        case .refused(let error): throw error
        case .consoleViewer, .operatorSession, nil: throw GatewayError.internalError
        }
    }

    /// The authenticated caller, admitted from this connection's address by the key's scope.
    func admittedCaller() throws -> Caller {
        let caller = try requireCaller()
        try Admission.checkAddress(caller.key.scope, from: remoteAddress)
        return caller
    }
}
