/// The parsers guarded by fuzzing, each with the entry point that both the libFuzzer binaries
/// (Fuzz/) and the replay test (Tests/FuzzReplayTests) call, so a crash found by one is replayed
/// by the other exactly.
///
/// The raw value names the corpus and crash folders: `Fuzz/Corpus/<target>/`, `Fuzz/Crashes/<target>/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Every native Ideogram operation, JSON and multipart (`NativeRequestInput` lays out the bytes).
    case nativeRequest = "native-request"
    /// OpenAI generations (JSON) and edits (multipart), then the native call each one builds.
    case openAIRequest = "openai-request"
    /// `PNG.decode`, with round-trip and header agreement checks.
    case pngDecode = "png-decode"
    /// `ImageHeader.read` for PNG, JPEG and WebP.
    case imageHeader = "image-header"
    /// Mask inspection, reached through a V3 edit whose image matches the mask's declared size.
    case maskInspection = "mask-inspection"
    /// `JSONParser`, which reads every JSON body and form part, against Foundation's reading.
    case jsonBody = "json-body"

    public func run(_ input: [UInt8]) -> FuzzOutcome {
        switch self {
        case .nativeRequest: NativeRequestEntry.run(NativeRequestInput(input))
        case .openAIRequest: OpenAIRequestEntry.run(OpenAIRequestInput(input))
        case .pngDecode: ImageEntries.decodePNG(input)
        case .imageHeader: ImageEntries.readHeader(input)
        case .maskInspection: ImageEntries.inspectMask(input)
        case .jsonBody: JSONEntries.parse(input)
        }
    }

    /// The body of every libFuzzer target: run the input, and crash on a broken promise so the
    /// input is saved as a crash.
    public func fuzz(_ input: [UInt8]) {
        if case .violation(let reason) = run(input) {
            fatalError("\(rawValue): \(reason)")
        }
    }
}
