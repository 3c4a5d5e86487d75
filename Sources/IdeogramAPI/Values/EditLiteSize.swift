import Foundation

/// The output size of `/v1/edit-lite`: "Output is always generated at 1K resolution", in the
/// `aspect_ratio` asked for or else the edited image's own. The gateway takes the Ideogram 3.0
/// size (all about one megapixel) nearest to that ratio at 1024×1024's area, so a reported
/// `resolution` is always one Ideogram itself produces.
public enum EditLiteSize {
    /// `AspectRatioEditLite`, in the spec's order.
    public static let ratioNames = ["1x1", "2x3", "3x2", "3x4", "4x3", "4x5", "5x4", "9x16", "16x9", "21x9"]

    static let area = 1024.0 * 1024.0

    /// The 1K size for an `AspectRatioEditLite` name, or nil for any other text.
    public static func named(_ name: String) -> Resolution? {
        guard ratioNames.contains(name) else { return nil }
        let parts = name.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        return oneK(ratio: Double(parts[0]) / Double(parts[1]))
    }

    /// The 1K size following a source image's shape.
    public static func following(_ source: Resolution) -> Resolution {
        guard source.width > 0, source.height > 0 else { return Resolution(width: 1024, height: 1024) }
        return oneK(ratio: Double(source.width) / Double(source.height))
    }

    private static func oneK(ratio: Double) -> Resolution {
        let width = (area * ratio).squareRoot(), height = (area / ratio).squareRoot()
        return ResolutionCatalog.nearestV3(to: Resolution(width: Int(width.rounded()), height: Int(height.rounded())))
    }
}
