import Foundation
import Metrics
import Prometheus

/// Every number `/metrics` shows, recorded through swift-metrics into this gateway's own
/// Prometheus registry.
///
/// The registry belongs to the gateway instance rather than to the process-wide `MetricsSystem`,
/// so two gateways in one process (tests) never mix their numbers and nothing global is bootstrapped.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Ideogram takes 5–120 s per call; the default buckets stop far below that.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(20), .seconds(30), .seconds(60), .seconds(120),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of everything recorded so far.
    public func exposition() -> String { registry.emitToString() }

    // MARK: HTTP

    func request(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        CoreMetrics.Counter(label: "ideogate_http_requests_total", dimensions: dimensions, factory: factory).increment()
        CoreMetrics.Timer(label: "ideogate_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    // MARK: Upstreams and routing

    /// One upstream call's outcome (`ok`, `invalid`, `safety`, `unauthorized`, `unavailable`, …).
    func upstreamCall(channel: String, outcome: String, duration: Duration) {
        CoreMetrics.Counter(label: "ideogate_upstream_requests_total", dimensions: [("channel", channel), ("outcome", outcome)], factory: factory)
            .increment()
        CoreMetrics.Timer(label: "ideogate_upstream_duration_seconds", dimensions: [("channel", channel)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    func inflightImages(channel: String, _ value: Int) {
        CoreMetrics.Gauge(label: "ideogate_channel_inflight_images", dimensions: [("channel", channel)], factory: factory).record(value)
    }

    /// Requests waiting for image slots. One queue serves every channel (a waiting request takes
    /// whichever channel frees up first), so depth is per gateway; per-channel pressure shows in
    /// `ideogate_channel_inflight_images` against `ideogate_channel_max_inflight_images`.
    func queueDepth(_ value: Int) {
        CoreMetrics.Gauge(label: "ideogate_queue_depth", dimensions: [], factory: factory).record(value)
    }

    func maxInflightImages(channel: String, _ value: Int) {
        CoreMetrics.Gauge(label: "ideogate_channel_max_inflight_images", dimensions: [("channel", channel)], factory: factory).record(value)
    }

    /// 0 healthy (breaker closed), 1 half-open, 2 open, 3 disabled.
    func channelState(channel: String, _ value: Int) {
        CoreMetrics.Gauge(label: "ideogate_channel_state", dimensions: [("channel", channel)], factory: factory).record(value)
    }

    func retry(from channel: String, reason: String) {
        CoreMetrics.Counter(label: "ideogate_upstream_retries_total", dimensions: [("channel", channel), ("reason", reason)], factory: factory)
            .increment()
    }

    func channelDisabled(channel: String) {
        CoreMetrics.Counter(label: "ideogate_channel_disabled_total", dimensions: [("channel", channel)], factory: factory).increment()
    }

    func queueRejected(reason: String) {
        CoreMetrics.Counter(label: "ideogate_queue_rejections_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    // MARK: Ledger

    /// `hold`, `settlement` (something charged) or `release` (nothing charged).
    func ledger(_ event: String) {
        CoreMetrics.Counter(label: "ideogate_ledger_events_total", dimensions: [("event", event)], factory: factory).increment()
    }

    // MARK: Images

    func rehosted(channel: String) {
        CoreMetrics.Counter(label: "ideogate_images_stored_total", dimensions: [("channel", channel)], factory: factory).increment()
    }

    /// An image whose upstream link was handed out because it could not be downloaded.
    /// Upstream images the operator may have paid for and no customer did, by reason.
    func operatorLoss(reason: String, images: Int) {
        CoreMetrics.Counter(label: "ideogate_operator_loss_images_total", dimensions: [("reason", reason)], factory: factory)
            .increment(by: Int64(images))
    }

    func rehostFailure(channel: String, reason: String) {
        CoreMetrics.Counter(label: "ideogate_rehost_failures_total", dimensions: [("channel", channel), ("reason", reason)], factory: factory)
            .increment()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var millis: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
