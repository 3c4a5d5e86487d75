import Foundation

/// Ideogram 4's size vocabulary, verbatim from the 2026-10 spec: `ResolutionV4` (38 values),
/// `ResolutionV4ImageToImage` (the same plus the 512 tier, 39), `AspectRatioV4` (18) and the
/// `OutputResolution` pixel budgets of generate-transparent.
enum ResolutionCatalogV4 {
    static let names: [String] = [
        "2048x2048", "1440x2880", "2880x1440", "1664x2496", "2496x1664", "1792x2240", "2240x1792",
        "1440x2560", "2560x1440", "1600x2560", "2560x1600", "1728x2304", "2304x1728", "1296x3168",
        "3168x1296", "1152x2944", "2944x1152", "1248x3328", "3328x1248", "1280x3072", "3072x1280",
        "1024x3072", "3072x1024", "1024x1024", "896x1120", "1120x896", "864x1152", "1152x864",
        "832x1248", "1248x832", "800x1280", "1280x800", "720x1280", "1280x720", "720x1440",
        "1440x720", "512x1536", "1536x512",
    ]

    static let imageToImageNames: [String] = names + ["512x512", "768x384", "384x768"]

    static let aspectRatioNames: [String] = [
        "AUTO", "1x4", "1x3", "1x2", "9x16", "10x16", "2x3", "3x4", "4x5", "1x1", "5x4", "4x3", "3x2",
        "16x10", "16x9", "2x1", "3x1", "4x1",
    ]

    static let outputResolutionNames: [String] = ["1K", "2K", "4K", "8K"]

    /// When the request names no size, Ideogram 4 lets the prompt choose; the gateway must know
    /// the size before anything runs (the sandbox renders it), so it picks the 1K square.
    static let defaultResolution = Resolution(width: 1024, height: 1024)

    /// The 1K presets (at most 1024² pixels … plus the 1K-tier long shapes the spec lists).
    static let oneK: [Resolution] = names.compactMap { Resolution(v3Name: $0) }.filter { $0.pixelCount <= 1_600_000 }

    /// The 1K preset closest in shape to an input (remix without a `resolution`).
    static func nearestOneK(to size: Resolution) -> Resolution {
        let target = log(Double(max(size.width, 1))) - log(Double(max(size.height, 1)))
        return oneK.min { a, b in
            abs(log(Double(a.width)) - log(Double(a.height)) - target) < abs(log(Double(b.width)) - log(Double(b.height)) - target)
        } ?? defaultResolution
    }

    /// The size generate-transparent delivers: the tier's budget (`N`×`N` pixels for `NK`) at the
    /// requested shape, each side a multiple of 16 and the product within the budget ("wide and
    /// tall aspect ratios keep the same pixel budget, so a single dimension may exceed the named
    /// size"). AUTO renders square.
    static func transparentSize(aspectRatio: String, outputResolution: String) -> Resolution {
        let side = switch outputResolution {
        case "2K": 2048
        case "4K": 4096
        case "8K": 8192
        default: 1024
        }
        let parts = aspectRatio.split(separator: "x").compactMap { Double($0) }
        let ratio = parts.count == 2 && parts[1] > 0 ? parts[0] / parts[1] : 1
        let budget = Double(side * side)
        var width = Int((budget * ratio).squareRoot()) / 16 * 16
        var height = Int((budget / ratio).squareRoot()) / 16 * 16
        width = max(width, 16)
        height = max(height, 16)
        return Resolution(width: width, height: height)
    }
}

extension Resolution {
    /// Every `ResolutionV4` value, in the spec's order.
    public static var ideogramV4: [Resolution] { ResolutionCatalogV4.names.compactMap { Resolution(v3Name: $0) } }

    /// The `ResolutionV4` value closest to `size`: the size itself when it is one, else the
    /// closest shape, then the closest pixel count.
    public static func nearestV4(to size: Resolution) -> Resolution {
        let all = ideogramV4
        if all.contains(size) { return size }
        let target = log(Double(max(size.width, 1))) - log(Double(max(size.height, 1)))
        func key(_ r: Resolution) -> (Double, Int) {
            (abs(log(Double(r.width)) - log(Double(r.height)) - target), abs(r.pixelCount - size.pixelCount))
        }
        return all.min { key($0) < key($1) } ?? ResolutionCatalogV4.defaultResolution
    }
}
