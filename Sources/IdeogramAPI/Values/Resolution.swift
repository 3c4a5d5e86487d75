/// A pixel size, rendered as Ideogram does in responses and V3 enums: `"1024x1024"` (width first).
public struct Resolution: Sendable, Hashable, CustomStringConvertible {
    public let width: Int
    public let height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }

    /// The legacy enum spelling, `RESOLUTION_<W>_<H>`.
    public var legacyName: String { "RESOLUTION_\(width)_\(height)" }

    public func scaled(by factor: Int) -> Resolution {
        Resolution(width: width * factor, height: height * factor)
    }

    /// Every `ResolutionV3` value, in the spec's order.
    public static var ideogramV3: [Resolution] { ResolutionCatalog.v3 }

    /// Parses `"1280x800"`.
    public init?(v3Name: String) {
        let parts = v3Name.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        self.init(width: width, height: height)
    }

    /// Parses `"RESOLUTION_1280_800"`.
    init?(legacyName: String) {
        guard legacyName.hasPrefix("RESOLUTION_") else { return nil }
        let parts = legacyName.dropFirst("RESOLUTION_".count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]) else { return nil }
        self.init(width: width, height: height)
    }
}
