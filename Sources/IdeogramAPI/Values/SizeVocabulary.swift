import Foundation

/// Ideogram's size vocabulary for callers that speak in pixels (OpenAI-style `size: "1792x1024"`):
/// which sizes are exact Ideogram resolutions, and which aspect ratio a free size is nearest to.
public enum SizeVocabulary {
    /// One of Ideogram's aspect ratios, in both spellings, with the size V_2 and later render it at.
    public struct Ratio: Sendable, Equatable {
        /// `"16x9"`, the V3 `aspect_ratio` value.
        public let v3Name: String
        /// `"ASPECT_16_9"`; nil where the legacy enum has no such ratio (1:2, 2:1, 4:5, 5:4).
        public let legacyName: String?
        public let defaultResolution: Resolution
    }

    public static func isV3Resolution(_ size: Resolution) -> Bool {
        ResolutionCatalog.v3Names.contains(size.description)
    }

    public static func isLegacyResolution(_ size: Resolution) -> Bool {
        ResolutionCatalog.legacyNames.contains(size.legacyName)
    }

    /// The ratio closest to `size` in log space, so 2:1 and 1:2 are equally far from 1:1.
    public static func nearestRatio(to size: Resolution) -> Ratio {
        let target = Double(size.width) / Double(size.height)
        var best = AspectRatio.square
        var bestDistance = Double.infinity
        for candidate in AspectRatio.all {
            let distance = abs(log2(Double(candidate.width) / Double(candidate.height) / target))
            if distance < bestDistance - 1e-12 {
                best = candidate
                bestDistance = distance
            }
        }
        return Ratio(v3Name: best.v3Name, legacyName: best.legacyName, defaultResolution: best.v2Default)
    }
}
