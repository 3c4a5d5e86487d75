import Foundation

/// Precise edit's `context_window`: `none` (the default), `auto` (needs a mask) or an explicit
/// `y_min,x_min,y_max,x_max` region of the edited image, maximum edges exclusive.
///
/// An explicit region must lie inside the image, measure at least 256 pixels on each side, have a
/// ratio between 1:6 and 6:1 and cover at most 4,194,304 pixels (the spec's prose).
struct ContextWindow: Equatable {
    enum Kind: Equatable {
        case none, auto
        case region(yMin: Int, xMin: Int, yMax: Int, xMax: Int)
    }

    let kind: Kind

    static let minSide = 256
    static let maxPixels = 4_194_304

    init(_ raw: String?, image: Resolution, hasMask: Bool) throws(IdeogramError) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch text {
        case "", "none":
            kind = .none
        case "auto":
            guard hasMask else { throw .invalidValue("'context_window' auto needs a 'mask'.") }
            kind = .auto
        default:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { part in part.allSatisfy(\.isASCIIDigit) && !part.isEmpty ? Int(part) : nil }
            guard parts.count == 4, numbers.count == 4 else {
                throw .invalidValue("Invalid 'context_window' '\(raw ?? "")': use none, auto or y_min,x_min,y_max,x_max.")
            }
            let (yMin, xMin, yMax, xMax) = (numbers[0], numbers[1], numbers[2], numbers[3])
            guard yMax > yMin, xMax > xMin, yMax <= image.height, xMax <= image.width else {
                throw .invalidValue("'context_window' \(text) must lie inside the \(image) image, with each maximum above its minimum.")
            }
            let region = Resolution(width: xMax - xMin, height: yMax - yMin)
            guard region.width >= Self.minSide, region.height >= Self.minSide else {
                throw .invalidValue("'context_window' \(text) is \(region); each side must be at least \(Self.minSide) pixels.")
            }
            guard V45Size.isWithinRatio(region) else {
                throw .invalidValue("'context_window' \(text) is \(region), more elongated than 6:1.")
            }
            guard region.pixelCount <= Self.maxPixels else {
                throw .invalidValue("'context_window' \(text) covers \(region.pixelCount) pixels; the most is \(Self.maxPixels).")
            }
            kind = .region(yMin: yMin, xMin: xMin, yMax: yMax, xMax: xMax)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
