import Foundation

/// Finds a fixed byte string in a buffer in time linear in the bytes scanned.
///
/// Knuth–Morris–Pratt, so a hostile body made of near-misses (`\r\n--boundar\r\n--boundar…`)
/// costs no more than any other body; while no prefix of the needle is pending, `memchr` skips
/// to the next occurrence of the needle's first byte, so image data is scanned at memory speed.
struct ByteSearch {
    let needle: [UInt8]
    /// `fallback[j]`: the length of the longest proper prefix of `needle[0...j]` that is also
    /// a suffix of it.
    private let fallback: [Int]

    /// - Precondition: `needle` is not empty.
    init(_ needle: [UInt8]) {
        precondition(!needle.isEmpty, "empty search needle")
        self.needle = needle
        var fallback = [Int](repeating: 0, count: needle.count)
        var length = 0
        var index = 1
        while index < needle.count {
            if needle[index] == needle[length] {
                length += 1
                fallback[index] = length
                index += 1
            } else if length > 0 {
                length = fallback[length - 1]
            } else {
                fallback[index] = 0
                index += 1
            }
        }
        self.fallback = fallback
    }

    /// The offset of the first occurrence of the needle that starts at or after `start` and ends
    /// at or before `end`; nil when there is none.
    func firstMatch(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int? = nil) -> Int? {
        let end = min(end ?? bytes.count, bytes.count)
        guard start >= 0, start < end, let base = bytes.baseAddress else { return nil }
        let first = Int32(needle[0])
        let count = needle.count
        var index = start
        var matched = 0
        while index < end {
            if matched == 0 {
                guard let hit = memchr(base + index, first, end - index) else { return nil }
                index = base.distance(to: UnsafeRawPointer(hit))
            }
            let byte = bytes[index]
            while matched > 0 && byte != needle[matched] {
                matched = fallback[matched - 1]
            }
            if byte == needle[matched] { matched += 1 }
            index += 1
            if matched == count { return index - count }
        }
        return nil
    }
}
