import Foundation

/// Ideogram 4.5's `size`: `auto`, `source` or an exact `WIDTHxHEIGHT`, resolved to the pixels
/// the output will measure and the price tier they bill at.
///
/// The rules are the spec's (`GenerateImageIdeogram45Request.size`): an exact size has both sides
/// a multiple of 32 and at least 256, at most 2048×2048 pixels in all, and a ratio of at most
/// 6:1. Output up to 1024×1024 pixels bills as 1K, above that as 2K; `auto` always bills as 2K.
struct V45Size {
    enum Kind: Equatable {
        case auto
        case source
        case exact(Resolution)
    }

    let kind: Kind

    static let maxPixels = 2048 * 2048
    static let oneKPixels = 1024 * 1024
    static let minSide = 256
    static let sideStep = 32
    static let maxRatio = 6

    /// nil or empty means `auto`, the default.
    init(_ raw: String?) throws(IdeogramError) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "", "auto": kind = .auto
        case "source": kind = .source
        default:
            guard let size = Resolution(v3Name: text), size.width > 0, size.height > 0 else {
                throw .invalidValue("Invalid 'size' '\(raw ?? "")': use \"auto\", \"source\" or WIDTHxHEIGHT, e.g. 1024x1024.")
            }
            try Self.checkExact(size)
            kind = .exact(size)
        }
    }

    static func checkExact(_ size: Resolution) throws(IdeogramError) {
        guard size.width % sideStep == 0, size.height % sideStep == 0 else {
            throw .invalidValue("'size' \(size): both sides must be multiples of \(sideStep).")
        }
        guard size.width >= minSide, size.height >= minSide else {
            throw .invalidValue("'size' \(size): both sides must be at least \(minSide) pixels.")
        }
        guard size.pixelCount <= maxPixels else {
            throw .invalidValue("'size' \(size) has \(size.pixelCount) pixels; the most is 2048x2048 (\(maxPixels)).")
        }
        guard isWithinRatio(size) else {
            throw .invalidValue("'size' \(size) is more elongated than \(maxRatio):1.")
        }
    }

    /// Whether the longer side is at most six times the shorter (Ideogram's 1:6–6:1).
    static func isWithinRatio(_ size: Resolution) -> Bool {
        let long = max(size.width, size.height), short = min(size.width, size.height)
        return short > 0 && long <= short * maxRatio
    }

    /// The tier `pixels` bill at.
    static func tier(of size: Resolution) -> String { size.pixelCount <= oneKPixels ? "1K" : "2K" }

    /// A 2K size with `source`'s proportions: about 2048×2048 pixels, sides multiples of 32.
    /// Without a source, the square.
    static func auto(like source: Resolution?) -> Resolution {
        guard let source, source.width > 0, source.height > 0 else { return Resolution(width: 2048, height: 2048) }
        let ratio = Double(source.width) / Double(source.height)
        let width = (Double(maxPixels) * ratio).squareRoot()
        let height = width / ratio
        return Resolution(width: snap(width), height: snap(height))
    }

    /// `source` itself, scaled down with its proportions kept when it has more than 2048×2048 pixels.
    static func fitted(_ source: Resolution) -> Resolution {
        guard source.pixelCount > maxPixels else { return source }
        let scale = (Double(maxPixels) / (Double(source.width) * Double(source.height))).squareRoot()
        return Resolution(width: max(1, Int(Double(source.width) * scale)), height: max(1, Int(Double(source.height) * scale)))
    }

    private static func snap(_ side: Double) -> Int {
        max(minSide, Int(side) / sideStep * sideStep)
    }
}
