/// The CRC-32 used by PNG chunks (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320).
///
/// Table-driven, eight bits at a time: PNG chunks are checksummed once per encode, so this is
/// far from the hot path next to deflate, and a single 1 KiB table keeps it simple.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 {
            c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }

    /// Continues a running checksum; start from 0 and feed chunks in order.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            for byte in bytes {
                c = t[Int((c ^ UInt32(byte)) & 0xff)] ^ (c >> 8)
            }
        }
        return ~c
    }

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let array = Array(bytes)
        return array.withUnsafeBytes { update(0, $0) }
    }
}
