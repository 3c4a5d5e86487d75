#if canImport(Glibc)
import Glibc
#endif

/// Hands memory freed during start-up back to the system. glibc keeps freed heap pages for
/// reuse, so a burst of temporary allocations at start (the relay's spec, the route table) would
/// otherwise stay in the resident size of an idle gateway for its whole life.
enum ReleaseFreedMemory {
    static func now() {
        #if canImport(Glibc)
        // `malloc_trim` is declared in <malloc.h>, which the Glibc module does not export.
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
