import Hummingbird

/// `GET /metrics` in the Prometheus text format.
struct MetricsRoutes {
    let metrics: GatewayMetrics

    func register(on router: Router<GatewayContext>) {
        let metrics = self.metrics
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }
}
