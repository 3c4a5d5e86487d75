@testable import Gateway
import IdeogramAPI
import Testing

/// The sandbox's render cap: Ideogram 4 transparent's 8K tier is rendered within the 4K budget,
/// at the same shape; every smaller size is rendered exactly.
@Suite struct SandboxRenderCapTests {
    @Test func eightKIsRenderedWithinTheFourKBudget() {
        let square = SandboxUpstream.renderedSize(Resolution(width: 8192, height: 8192))
        #expect(square == Resolution(width: 4096, height: 4096))
        let wide = SandboxUpstream.renderedSize(Resolution(width: 10912, height: 6144))
        #expect(wide.pixelCount <= SandboxUpstream.maxRenderPixels)
        #expect(abs(Double(wide.width) / Double(wide.height) - 10912.0 / 6144.0) < 0.02)
    }

    @Test(arguments: [Resolution(width: 1360, height: 768), Resolution(width: 4096, height: 4096), Resolution(width: 2048, height: 2048)])
    func smallerSizesAreExact(size: Resolution) {
        #expect(SandboxUpstream.renderedSize(size) == size)
    }
}
