import FuzzEntryPoints

/// libFuzzer's entry point for `FuzzTarget.pngDecode`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.pngDecode.fuzz(bytes)
    return 0
}
