/// What an S3 call can fail with. Every failure is one of these, never a crash; none carries a
/// credential, so each may be logged as it is.
public enum S3Error: Error, Equatable, CustomStringConvertible {
    /// 403s: a wrong or unknown access key, a signature the service rejected, an expired session
    /// token, or a policy that does not allow the call.
    case accessDenied(code: String, message: String)
    /// The bucket does not exist (or is not visible to these credentials).
    case noSuchBucket(String)
    /// Any other error response, with S3's own code (`SlowDown`, `InternalError`, …).
    case service(status: Int, code: String, message: String)
    /// No answer: the connection failed or the call timed out.
    case transport(String)
    /// The object is larger than the store reads into memory.
    case responseTooLarge(limit: Int)
    /// A 200 whose body is not what the call returns.
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .accessDenied(let code, let message): "S3 refused the credentials or the call (\(code)): \(message)"
        case .noSuchBucket(let bucket): "S3 bucket \(bucket) does not exist"
        case .service(let status, let code, let message): "S3 error \(status) \(code): \(message)"
        case .transport(let why): "S3 could not be reached: \(why)"
        case .responseTooLarge(let limit): "S3 object larger than \(limit) bytes"
        case .malformedResponse(let what): "S3 sent a malformed response: \(what)"
        }
    }

    /// Turns an error response into its case, from the status and S3's XML `<Error>` body.
    static func from(status: Int, body: String, bucket: String) -> S3Error {
        let code = S3XML.firstValue(of: "Code", in: body) ?? "HTTP\(status)"
        let message = S3XML.firstValue(of: "Message", in: body) ?? ""
        if code == "NoSuchBucket" { return .noSuchBucket(bucket) }
        let credentialCodes: Set = [
            "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken",
            "TokenRefreshRequired", "AuthorizationHeaderMalformed", "InvalidClientTokenId",
        ]
        if status == 403 || credentialCodes.contains(code) { return .accessDenied(code: code, message: message) }
        return .service(status: status, code: code, message: message)
    }
}
