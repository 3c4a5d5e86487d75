/// Formats micro-dollars for people: 60_000 → "$0.06", 25_000 → "$0.025".
public enum Money {
    public static func format(_ micros: Int64) -> String {
        let sign = micros < 0 ? "-" : ""
        let m = micros.magnitude
        let dollars = m / 1_000_000
        var fraction = String(m % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)$\(dollars).\(fraction)"
    }

    /// Parses "$0.06", "0.06" or "0.025" into micros; nil for anything else (more than six decimals
    /// included, so an amount is never silently rounded).
    public static func parse(_ text: String) -> Int64? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        if s.hasPrefix("$") { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0].isEmpty ? "0" : parts[0]), whole >= 0 else { return nil }
        var micros = whole.multipliedReportingOverflow(by: 1_000_000)
        guard !micros.overflow else { return nil }
        if parts.count == 2 {
            let frac = parts[1]
            guard !frac.isEmpty, frac.count <= 6, frac.allSatisfy(\.isNumber), let f = Int64(frac) else { return nil }
            var scale: Int64 = 1
            for _ in 0..<(6 - frac.count) { scale *= 10 }
            micros = micros.partialValue.addingReportingOverflow(f * scale)
            guard !micros.overflow else { return nil }
        }
        return negative ? -micros.partialValue : micros.partialValue
    }
}
