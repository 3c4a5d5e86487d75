/// Products of sizes (pixels, bytes) that answer nil instead of trapping on overflow.
///
/// Dimensions come from file headers a stranger wrote: a PNG may claim 4294967295×4294967295,
/// whose area does not fit in an `Int`. Every size product in the codec goes through here, so an
/// absurd claim becomes a refusal rather than a crash.
public enum SizeArithmetic {
    /// `a × b` for non-negative operands; nil when either is negative or the product overflows.
    public static func product(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    /// `a × b × c`, as `product` does it.
    public static func product(_ a: Int, _ b: Int, _ c: Int) -> Int? {
        product(a, b).flatMap { product($0, c) }
    }

    /// `a + b` for non-negative operands; nil on overflow.
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    /// The number of pixels of a `width`×`height` image, saturating at `Int.max` so that
    /// comparing it with a budget is always safe and always refuses an absurd size.
    public static func pixelCount(width: Int, height: Int) -> Int {
        product(width, height) ?? .max
    }
}
