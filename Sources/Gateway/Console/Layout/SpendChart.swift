import Foundation

/// Spend per day as bars, with the balance at each day's end as a line: inline SVG drawn on the
/// server, so the home page needs no script to show it.
struct SpendChart {
    /// One day: its start, what was charged that day, the balance at its end.
    struct Day {
        var start: Millis
        var spentMicros: Int64
        var balanceMicros: Int64
    }

    var days: [Day]

    static let width = 640.0, height = 200.0, pad = 28.0

    func svg() -> String {
        guard !days.isEmpty else { return "" }
        let w = Self.width, h = Self.height, pad = Self.pad
        let maxSpend = max(days.map(\.spentMicros).max() ?? 0, 1)
        let maxBalance = max(days.map(\.balanceMicros).max() ?? 0, 1)
        let slot = (w - 2 * pad) / Double(days.count)
        var bars = "", points: [String] = []
        for (i, day) in days.enumerated() {
            let x = pad + Double(i) * slot
            let bh = Double(day.spentMicros) / Double(maxSpend) * (h - 2 * pad)
            if day.spentMicros > 0 {
                bars += #"<rect class="bar" x="\#(fmt(x + slot * 0.15))" y="\#(fmt(h - pad - bh))" width="\#(fmt(slot * 0.7))" height="\#(fmt(bh))"><title>\#(label(day.start)): spent \#(Money.format(day.spentMicros))</title></rect>"#
            }
            let y = h - pad - Double(day.balanceMicros) / Double(maxBalance) * (h - 2 * pad)
            points.append("\(fmt(x + slot / 2)),\(fmt(y))")
        }
        let first = label(days[0].start), last = label(days[days.count - 1].start)
        return """
            <svg class="chart" viewBox="0 0 \(Int(w)) \(Int(h))" role="img" aria-label="Spend per day and balance, \(first) to \(last)">
            <line class="axis" x1="\(pad)" y1="\(h - pad)" x2="\(w - pad)" y2="\(h - pad)"/>
            \(bars)
            <polyline class="balance" fill="none" points="\(points.joined(separator: " "))"/>
            <text x="\(pad)" y="\(h - 8)" class="tick">\(first)</text>
            <text x="\(w - pad)" y="\(h - 8)" class="tick end">\(last)</text>
            <text x="\(pad)" y="16" class="tick">max spend/day \(Money.format(maxSpend)) · max balance \(Money.format(maxBalance))</text>
            </svg>
            """
    }

    func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    func label(_ millis: Millis) -> String { String(UTCDay.of(millis).dropFirst(5)) }

    /// The last `count` days for an account: spend from the usage log, the balance walked back
    /// from today's through the ledger.
    static func load(store: any UsageStore & LedgerStore, account: Account, count: Int = 30, now: Millis = Date().millis) async throws -> SpendChart {
        let dayMillis: Millis = 86_400_000
        let today = now / dayMillis * dayMillis
        let since = today - Millis(count - 1) * dayMillis
        let spend = Dictionary(
            try await store.usageBuckets(accountID: account.id, since: since, bucketMillis: dayMillis).map { ($0.start, $0.revenueMicros) },
            uniquingKeysWith: +)
        let entries = try await store.ledgerEntries(accountID: account.id, limit: 5000, offset: 0)
        var days: [Day] = []
        var balance = account.balanceMicros
        var index = 0
        // Walk back from now: each day's closing balance is the balance before the later entries.
        var d = today
        while d >= since {
            defer { d -= dayMillis }
            while index < entries.count, entries[index].createdAt >= d + dayMillis {
                balance -= entries[index].amountMicros
                index += 1
            }
            days.append(Day(start: d, spentMicros: spend[d] ?? 0, balanceMicros: balance))
        }
        return SpendChart(days: days.reversed())
    }
}
