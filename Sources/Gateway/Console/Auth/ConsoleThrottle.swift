import NIOCore

/// Rate limits of the sign-in and sign-up forms, per client address and per email.
///
/// The address limit bounds what one client costs (each attempt is a slow hash); the email limit
/// bounds password guessing against one account from many addresses. A successful sign-in gives
/// its email token back, so only failures count against the account, and its owner is not shut
/// out by their own typing slips. Addresses are the TCP peer's (IPv6 by /64, what one host
/// usually gets): behind a reverse proxy every client shares the proxy's address, and the
/// per-address limit then applies to all of them together.
struct ConsoleThrottle: Sendable {
    let signInByAddress: RateLimiter
    let signInByEmail: RateLimiter
    let signUpByAddress: RateLimiter
    let signUpByEmail: RateLimiter

    init(_ limits: ConsoleLimits) {
        signInByAddress = RateLimiter(limits.signInPerAddress)
        signInByEmail = RateLimiter(limits.signInPerEmail)
        signUpByAddress = RateLimiter(limits.signUpPerAddress)
        signUpByEmail = RateLimiter(limits.signUpPerEmail)
    }

    enum Form { case signIn, signUp }

    /// Takes this attempt's tokens, or refuses it with a 429 before any hashing happens.
    func admit(_ form: Form, address: SocketAddress?, email: String) async throws {
        let (byAddress, byEmail) = form == .signIn ? (signInByAddress, signInByEmail) : (signUpByAddress, signUpByEmail)
        if let wait = await byAddress.take(Self.key(address)) { throw Self.refusal(wait) }
        if let wait = await byEmail.take(ConsoleAccounts.normalized(email: email)) { throw Self.refusal(wait) }
    }

    func signedIn(email: String) async {
        await signInByEmail.refund(ConsoleAccounts.normalized(email: email))
    }

    static func refusal(_ wait: Duration) -> GatewayError {
        .tooManyRequests("rate_limited", { "Too many attempts. Try again in \($0) seconds." }, retryAfter: wait)
    }

    static func key(_ address: SocketAddress?) -> String {
        switch address {
        case .v4(let v4):
            return "4:" + withUnsafeBytes(of: v4.address.sin_addr.s_addr) { Array($0) }.hexString
        case .v6(let v6):
            var storage = v6.address.sin6_addr
            let bytes = withUnsafeBytes(of: &storage) { Array($0) }
            // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d: one client each, not one /64.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
                return "4:" + Array(bytes[12..<16]).hexString
            }
            return "6:" + Array(bytes[0..<8]).hexString
        default:
            return "unknown"
        }
    }
}
