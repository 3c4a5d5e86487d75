/// The usage log as CSV (RFC 4180): a header row, then one row per request, CRLF line ends.
public enum UsageCSV {
    public static let header = [
        "request_id", "created_at", "account_id", "key_id", "operation", "variant", "images_requested",
        "images_delivered", "unit_price_micros", "charged_micros", "charged", "status", "error_code",
        "latency_ms", "channel",
    ]

    public static func headerLine() -> String { line(header) }

    public static func line(_ r: UsageRecord) -> String {
        line([
            r.requestID, Timestamp.string(r.createdAt), r.accountID ?? "", r.keyID ?? "", r.operation, r.variant ?? "",
            String(r.imagesRequested), String(r.imagesDelivered), String(r.unitPriceMicros), String(r.chargedMicros),
            Money.format(r.chargedMicros), String(r.status), r.errorCode ?? "", String(r.latencyMillis), r.channel ?? "",
        ])
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// Quotes a field when it holds a comma, quote or line break, doubling inner quotes.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
