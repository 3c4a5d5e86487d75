extension IPRange {
    /// True when every address in `other` is also in this range (same family, at least as long
    /// a prefix, same network bits under this range's prefix).
    public func contains(_ other: IPRange) -> Bool {
        guard other.network.count == network.count, other.prefixLength >= prefixLength else { return false }
        var remaining = prefixLength
        for i in 0..<network.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if other.network[i] & mask != network[i] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
