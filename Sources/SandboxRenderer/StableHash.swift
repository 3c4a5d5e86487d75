import NIOCore

/// FNV-1a, 64-bit. Swift's `Hasher` is seeded per process, which would make renders differ
/// between runs; this one is stable forever, so a seed renders the same image after a restart.
struct StableHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }

    mutating func combine(_ string: String) {
        combine(string.utf8)
        combine([0xff])  // separator: ("ab","c") and ("a","bc") must differ
    }

    mutating func combine(_ integer: Int) {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: integer).littleEndian) { combine($0) }
    }

    mutating func combine(_ buffer: ByteBuffer?) {
        guard let buffer else {
            combine(-1)
            return
        }
        combine(buffer.readableBytes)
        buffer.withUnsafeReadableBytes { combine($0) }
    }
}
