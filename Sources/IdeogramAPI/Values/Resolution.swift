import ImageCodec

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

    /// `width × height`, saturating at `Int.max` (a size read from a header may be absurd).
    public var pixelCount: Int { SizeArithmetic.pixelCount(width: width, height: height) }

    /// Each side times `factor`, saturating at `Int.max` rather than overflowing.
    public func scaled(by factor: Int) -> Resolution {
        Resolution(
            width: SizeArithmetic.product(width, factor) ?? .max,
            height: SizeArithmetic.product(height, factor) ?? .max
        )
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
