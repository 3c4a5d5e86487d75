import Hummingbird
import Logging

/// Counts every request by route and status, times it, and writes one access-log line carrying
/// the request id. Routes are the matched patterns (`/files/{id}`), never raw paths, so the number
/// of series stays bounded whatever callers send.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let metrics: GatewayMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            record(request, context, status: status, started: started)
            return response
        } catch let error as any HTTPResponseError {
            record(request, context, status: Int(error.status.code), started: started)
            throw error
        } catch {
            record(request, context, status: 500, started: started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: status, duration: elapsed)
        logger.info("request", metadata: [
            "request_id": "\(context.requestID)", "method": "\(request.method.rawValue)", "route": "\(route)",
            "status": "\(status)", "millis": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ])
    }
}
