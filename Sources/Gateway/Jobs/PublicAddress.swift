import NIOCore

/// Which addresses are on the public internet, for outbound calls a customer chooses (webhooks).
///
/// The rule is an allow-list, not a list of bad ranges: IPv6 must be global unicast (`2000::/3`)
/// and outside the special-purpose blocks IANA marks as not globally reachable, IPv4 must be
/// outside the special-purpose IPv4 blocks. An IPv6 address that carries an IPv4 address —
/// mapped, compatible, translated, NAT64, 6to4, Teredo — reaches that IPv4 host, so it is judged
/// by the IPv4 address it carries, whatever its own prefix looks like.
enum PublicAddress {
    static func isPublic(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            let raw = UInt32(bigEndian: v4.address.sin_addr.s_addr)
            return isPublic(v4: [UInt8(raw >> 24), UInt8((raw >> 16) & 0xff), UInt8((raw >> 8) & 0xff), UInt8(raw & 0xff)])
        case .v6(let v6):
            var storage = v6.address.sin6_addr
            let bytes = withUnsafeBytes(of: &storage) { Array($0) }
            return isPublic(v6: bytes)
        case .unixDomainSocket:
            return false
        }
    }

    /// Not globally reachable (IANA IPv4 Special-Purpose Address Registry), plus multicast and the
    /// reserved 240/4, which holds the broadcast address.
    static let blockedV4: [(prefix: [UInt8], bits: Int)] = [
        ([0, 0, 0, 0], 8),          // "this network"
        ([10, 0, 0, 0], 8),         // private
        ([100, 64, 0, 0], 10),      // carrier-grade NAT
        ([127, 0, 0, 0], 8),        // loopback
        ([169, 254, 0, 0], 16),     // link-local (cloud metadata lives here)
        ([172, 16, 0, 0], 12),      // private
        ([192, 0, 0, 0], 24),       // IETF protocol assignments
        ([192, 0, 2, 0], 24),       // documentation
        ([192, 88, 99, 0], 24),     // deprecated 6to4 relay anycast
        ([192, 168, 0, 0], 16),     // private
        ([198, 18, 0, 0], 15),      // benchmarking
        ([198, 51, 100, 0], 24),    // documentation
        ([203, 0, 113, 0], 24),     // documentation
        ([224, 0, 0, 0], 4),        // multicast
        ([240, 0, 0, 0], 4),        // reserved, and 255.255.255.255
    ]

    /// Inside `2000::/3`, the blocks that are still not global: IETF protocol assignments
    /// (Teredo, which sits inside it, is handled before), and the documentation prefixes.
    static let blockedV6: [(prefix: [UInt8], bits: Int)] = [
        ([0x20, 0x01, 0x00, 0x00], 23),
        ([0x20, 0x01, 0x0d, 0xb8], 32),
        ([0x3f, 0xff, 0x00, 0x00], 20),
    ]

    static func isPublic(v4 bytes: [UInt8]) -> Bool {
        guard bytes.count == 4 else { return false }
        return !blockedV4.contains { matches(bytes, $0.prefix, bits: $0.bits) }
    }

    static func isPublic(v6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return false }
        if let carried = embeddedIPv4(bytes) {
            return carried.allSatisfy { isPublic(v4: $0) }
        }
        guard bytes[0] & 0xe0 == 0x20 else { return false }  // 2000::/3, global unicast
        return !blockedV6.contains { matches(bytes, $0.prefix, bits: $0.bits) }
    }

    /// The IPv4 addresses an IPv6 address leads to, for the forms that embed one; nil for others.
    static func embeddedIPv4(_ b: [UInt8]) -> [[UInt8]]? {
        let last4 = Array(b[12..<16])
        let zeroes = { (range: Range<Int>) in b[range].allSatisfy { $0 == 0 } }
        // ::a.b.c.d (compatible; also :: and ::1), ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated)
        if zeroes(0..<12) { return [last4] }
        if zeroes(0..<10) && b[10] == 0xff && b[11] == 0xff { return [last4] }
        if zeroes(0..<8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0 { return [last4] }
        // 64:ff9b::a.b.c.d, the well-known NAT64 prefix
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zeroes(4..<12) { return [last4] }
        // 2002:aabb:ccdd::/48, 6to4
        if b[0] == 0x20 && b[1] == 0x02 { return [Array(b[2..<6])] }
        // 2001:0::/32, Teredo: the relay server's address, and the client's address, inverted
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0 {
            return [Array(b[4..<8]), last4.map { ~$0 }]
        }
        return nil
    }

    static func matches(_ bytes: [UInt8], _ prefix: [UInt8], bits: Int) -> Bool {
        var remaining = bits
        for (i, p) in prefix.enumerated() where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - take))
            if bytes[i] & mask != p & mask { return false }
            remaining -= take
        }
        return true
    }
}
