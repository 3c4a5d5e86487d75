import Foundation
import IdeogramAPI
import Testing

/// Values at the edges of their types end in a result, never a trap.
@Suite("No traps at the edges")
struct TrapFreedomTests {
    @Test func timestampsOutsideRFC3339ClampInsteadOfTrapping() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59.000000+00:00")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00.000000+00:00")
        #expect(RFC3339.format(Date(timeIntervalSince1970: .infinity)).hasPrefix("9999-12-31"))
        #expect(RFC3339.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000000+00:00")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000+00:00")
    }

    @Test func upscalingAHugeDeclaredSizeSaturates() {
        #expect(Resolution(width: .max, height: .max).scaled(by: 4) == Resolution(width: .max, height: .max))
        #expect(Resolution(width: 1024, height: 768).scaled(by: 2) == Resolution(width: 2048, height: 1536))
    }

    @Test func sizeNamesWithHugeNumbersDoNotParse() {
        #expect(Resolution(v3Name: "99999999999999999999x1") == nil)
        #expect(SizeVocabulary.nearestRatio(to: Resolution(width: .max, height: 1)).v3Name == "3x1")
        #expect(SizeVocabulary.nearestRatio(to: Resolution(width: 1, height: 0)).v3Name.isEmpty == false)
    }
}
