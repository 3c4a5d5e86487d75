import IdeogramAPI
import NIOCore
import Testing

/// The multipart parser on bytes no well-behaved client writes: each must end in a request or
/// an `IdeogramError`, never a trap, and the work must stay proportional to the body.
@Suite("Multipart parser")
struct MultipartParserTests {
    private func parts(_ text: [UInt8], boundary: String = "B", limits: InputLimits = InputLimits()) throws(IdeogramError) -> [MultipartParts.Part] {
        try MultipartParts.read(contentType: "multipart/form-data; boundary=\(boundary)", body: ByteBuffer(bytes: text), limits: limits)
    }

    private func expectRefusal(_ code: String, _ bytes: [UInt8], limits: InputLimits = InputLimits(), sourceLocation: SourceLocation = #_sourceLocation) {
        expectError(400, code, sourceLocation: sourceLocation) { try HostileFixtures.decode(.v3Generate, bytes, limits: limits) }
    }

    private static let prompt = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n"

    // MARK: Header bytes

    @Test func aHighByteInAHeaderNameIsRefusedNotTrapped() {
        let body: [UInt8] = Array("--B\r\n".utf8) + [0xC3, 0x81] + Array("x: y\r\n\r\nv\r\n--B--".utf8)
        expectRefusal("invalid_multipart", body)
        #expect(throws: IdeogramError.self) { try parts(body) }
    }

    @Test func everyByteInAHeaderNameEndsCleanly() {
        for byte in UInt8.min...UInt8.max {
            let body = Array(Self.prompt.utf8) + Array("--B\r\nContent-Disposition: form-data; name=\"x\"\r\n".utf8)
                + [byte] + Array("Name: y\r\n\r\nv\r\n--B--\r\n".utf8)
            do {
                _ = try HostileFixtures.decode(.v3Generate, body)
            } catch {
                #expect(error.code == "invalid_multipart", "byte \(byte): \(error)")
            }
        }
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let body = "--B\r\nCONTENT-DISPOSITION: form-data; NAME=\"prompt\"\r\ncOnTeNt-TyPe: text/plain\r\n\r\nhello\r\n--B--\r\n"
        let read = try parts(Array(body.utf8))
        #expect(read.map(\.name) == ["prompt"])
        #expect(read.first?.contentType == "text/plain")
        #expect(try HostileFixtures.decode(.v3Generate, Array(body.utf8)).prompt == "hello")
    }

    @Test func foldedHeaderLinesAreRefused() {
        expectRefusal("invalid_multipart", Array("--B\r\nContent-Disposition: form-data;\r\n name=\"prompt\"\r\n\r\np\r\n--B--\r\n".utf8))
        expectRefusal("invalid_multipart", Array("--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\tx\r\n\r\np\r\n--B--\r\n".utf8))
    }

    @Test func controlCharactersInHeadersAreRefused() {
        for control in ["\u{0}", "\n", "\r", "\u{7F}", "\u{1B}"] {
            expectRefusal("invalid_multipart", Array("--B\r\nContent-Disposition: form-data; name=\"pro\(control)mpt\"\r\n\r\np\r\n--B--\r\n".utf8))
        }
    }

    @Test func headerLinesWithoutAColonOrNameAreRefused() {
        expectRefusal("invalid_multipart", Array("--B\r\nContent-Disposition form-data\r\n\r\np\r\n--B--\r\n".utf8))
        expectRefusal("invalid_multipart", Array("--B\r\n: form-data; name=\"prompt\"\r\n\r\np\r\n--B--\r\n".utf8))
        expectRefusal("invalid_multipart", Array("--B\r\nContent Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n--B--\r\n".utf8))
    }

    @Test func aNonUTF8HeaderValueIsReadNotRefused() throws {
        // ISO-8859-1 "é" in a file name: legacy clients still send it.
        let body = Array("--B\r\nContent-Disposition: form-data; name=\"x\"; filename=\"caf".utf8) + [0xE9]
            + Array("\".txt\"\r\n\r\ndata\r\n--B--\r\n".utf8)
        #expect(try parts(body).first?.filename == "café.txt")
    }

    // MARK: Limits

    @Test func headerBlocksAreLimitedInBytes() throws {
        let long = String(repeating: "a", count: 9000)
        expectRefusal("part_headers_too_large", Array((Self.prompt + "--B\r\nContent-Disposition: form-data; name=\"x\"\r\nX-Long: \(long)\r\n\r\nv\r\n--B--\r\n").utf8))
        var limits = InputLimits()
        limits.maxPartHeaderBytes = 20_000
        #expect(try HostileFixtures.decode(.v3Generate, Array((Self.prompt + "--B\r\nContent-Disposition: form-data; name=\"x\"\r\nX-Long: \(long)\r\n\r\nv\r\n--B--\r\n").utf8), limits: limits).prompt == "p")
    }

    @Test func headerLinesAreLimitedInNumber() throws {
        func body(extraHeaders: Int) -> [UInt8] {
            let extra = (0..<extraHeaders).map { "X-\($0): y\r\n" }.joined()
            return Array("--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\(extra)\r\np\r\n--B--\r\n".utf8)
        }
        #expect(InputLimits().maxHeadersPerPart == 16)
        #expect(try HostileFixtures.decode(.v3Generate, body(extraHeaders: 15)).prompt == "p")
        expectRefusal("part_headers_too_large", body(extraHeaders: 16))
    }

    @Test func partsAreLimitedInNumber() {
        func body(parts: Int) -> [UInt8] {
            Array((Self.prompt + String(repeating: "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n", count: parts - 1) + "--B--\r\n").utf8)
        }
        #expect(InputLimits().maxParts == 64)
        expectRefusal("too_many_parts", body(parts: 65))
        expectRefusal("too_many_parts", body(parts: 40_000))
    }

    /// A form at the part limit decodes, with every repeat of a field collected in order.
    @Test func aFormAtThePartLimitDecodesEveryRepeat() throws {
        let repeats = (1...63).map { "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\($0)\r\n" }.joined()
        let request = try HostileFixtures.decode(.v3Generate, Array((Self.prompt + repeats + "--B--\r\n").utf8))
        #expect(request.fields["x"] == .array((1...63).map { .string("v\($0)") }))
    }

    /// With the limit raised, 40,000 parts still decode into one array of 39,999 values: form
    /// building appends in place instead of copying the array for every part.
    @Test func manyRepeatsBuildOneArrayInPlace() throws {
        var limits = InputLimits()
        limits.maxParts = 40_000
        let repeats = String(repeating: "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n", count: 39_999)
        let request = try HostileFixtures.decode(.v3Generate, Array((Self.prompt + repeats + "--B--\r\n").utf8), limits: limits)
        guard case .array(let values)? = request.fields["x"] else {
            Issue.record("expected an array")
            return
        }
        #expect(values.count == 39_999)
    }

    // MARK: Framing (RFC 2046)

    @Test func preambleEpilogueAndTransportPaddingAreAllowed() throws {
        let body = "This is the preamble.\r\n--B \t\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n--B\t\r\nContent-Disposition: form-data; name=\"seed\"\r\n\r\n7\r\n--B--  \r\nand an epilogue"
        let request = try HostileFixtures.decode(.v3Generate, Array(body.utf8))
        #expect(request.prompt == "p")
        #expect(request.seed == 7)
    }

    @Test func partBodiesKeepEveryByte() throws {
        let value: [UInt8] = [0x0D, 0x0A, 0x2D, 0x2D, 0x42, 0x41, 0x00, 0xFF, 0x0D]  // "\r\n--BA", NUL, 0xFF, CR
        let body = Array("--XYZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b\"\r\n\r\n".utf8) + value + Array("\r\n--XYZ--".utf8)
        let read = try parts(body, boundary: "XYZ")
        #expect(read.first.map { Array($0.body.readableBytesView) } == value)
    }

    @Test func theBoundaryInsideAPartIsRefused() {
        expectRefusal("invalid_multipart", Array((Self.prompt + "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--Bogus\r\n--B--\r\n").utf8))
    }

    @Test func truncatedBodiesAreRefused() {
        let full = Self.prompt + "--B--\r\n"
        for cut in [1, 4, 8, 10, full.utf8.count - 20, full.utf8.count - 9] {
            expectRefusal("invalid_multipart", Array(full.utf8.prefix(cut)))
        }
        expectRefusal("invalid_multipart", Array("--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n".utf8))
        expectRefusal("invalid_multipart", [])
    }

    @Test func partsNeedADispositionWithAName() {
        expectRefusal("invalid_multipart", Array((Self.prompt + "--B\r\n\r\nbody without headers\r\n--B--\r\n").utf8))
        expectRefusal("invalid_multipart", Array((Self.prompt + "--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--\r\n").utf8))
        expectRefusal("invalid_multipart", Array((Self.prompt + "--B\r\nContent-Type: text/plain\r\n\r\nv\r\n--B--\r\n").utf8))
    }

    @Test func aPartWhoseHeadersRunToTheBoundaryHasAnEmptyBody() throws {
        let body = Self.prompt + "--B\r\nContent-Disposition: form-data; name=\"negative_prompt\"\r\n\r\n--B--\r\n"
        #expect(try HostileFixtures.decode(.v3Generate, Array(body.utf8)).fields["negative_prompt"] == .string(""))
    }

    // MARK: Work stays linear

    /// Near-misses of the delimiter in a part body: a naive search restarts at every one.
    @Test func nearMissDelimitersAreScannedOnce() throws {
        let boundary = String(repeating: "b", count: 70)
        let nearMiss = "\r\n--" + String(repeating: "b", count: 69) + "c"
        let value = String(repeating: nearMiss, count: 20_000)
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\np\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\(value)\r\n--\(boundary)--\r\n"
        let request = try HostileFixtures.decode(.v3Generate, Array(body.utf8), boundary: boundary)
        #expect(request.fields["x"]?.stringValue?.utf8.count == nearMiss.utf8.count * 20_000)
    }

    /// Mutations of a valid body (bytes replaced, inserted, removed), including high bytes in
    /// headers: every one ends in a request or a 400.
    @Test func randomMutationsNeverTrap() {
        let valid = Array((Self.prompt + "--B\r\nContent-Disposition: form-data; name=\"style_reference_images\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").utf8)
            + Array(Fixtures.png(4, 4).readableBytesView) + Array("\r\n--B--\r\n".utf8)
        var random = SplitMix(seed: 0x1DE0_6A7E)
        for _ in 0..<3000 {
            var body = valid
            for _ in 0...random.int(4) {
                let index = random.int(body.count)
                switch random.int(3) {
                case 0: body[index] = random.byte()
                case 1: body.insert(random.byte(), at: index)
                default: body.remove(at: index)
                }
            }
            do {
                _ = try HostileFixtures.decode(.v3Generate, body)
            } catch {
                #expect(error.status == 400 || error.status == 415, "\(error)")
            }
        }
    }
}

/// A small deterministic generator, so a failing mutation can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}
