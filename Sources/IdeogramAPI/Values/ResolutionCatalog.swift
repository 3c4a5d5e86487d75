import Foundation

/// The resolution enums of the official spec (`ResolutionV3`, 69 values; legacy `Resolution`,
/// 78 values), in the spec's order. Kept verbatim so validation accepts exactly what Ideogram does.
enum ResolutionCatalog {
    static let v3Names: [String] = [
        "512x1536", "576x1408", "576x1472", "576x1536", "640x1344", "640x1408", "640x1472", "640x1536",
        "704x1152", "704x1216", "704x1280", "704x1344", "704x1408", "704x1472", "736x1312", "768x1088",
        "768x1216", "768x1280", "768x1344", "800x1280", "832x960", "832x1024", "832x1088", "832x1152",
        "832x1216", "832x1248", "864x1152", "896x960", "896x1024", "896x1088", "896x1120", "896x1152",
        "960x832", "960x896", "960x1024", "960x1088", "1024x832", "1024x896", "1024x960", "1024x1024",
        "1088x768", "1088x832", "1088x896", "1088x960", "1120x896", "1152x704", "1152x832", "1152x864",
        "1152x896", "1216x704", "1216x768", "1216x832", "1248x832", "1280x704", "1280x768", "1280x800",
        "1312x736", "1344x640", "1344x704", "1344x768", "1408x576", "1408x640", "1408x704", "1472x576",
        "1472x640", "1472x704", "1536x512", "1536x576", "1536x640",
    ]

    static let legacyNames: [String] = [
        "RESOLUTION_512_1536", "RESOLUTION_576_1408", "RESOLUTION_576_1472", "RESOLUTION_576_1536",
        "RESOLUTION_640_1024", "RESOLUTION_640_1344", "RESOLUTION_640_1408", "RESOLUTION_640_1472",
        "RESOLUTION_640_1536", "RESOLUTION_704_1152", "RESOLUTION_704_1216", "RESOLUTION_704_1280",
        "RESOLUTION_704_1344", "RESOLUTION_704_1408", "RESOLUTION_704_1472", "RESOLUTION_720_1280",
        "RESOLUTION_736_1312", "RESOLUTION_768_1024", "RESOLUTION_768_1088", "RESOLUTION_768_1152",
        "RESOLUTION_768_1216", "RESOLUTION_768_1232", "RESOLUTION_768_1280", "RESOLUTION_768_1344",
        "RESOLUTION_832_960", "RESOLUTION_832_1024", "RESOLUTION_832_1088", "RESOLUTION_832_1152",
        "RESOLUTION_832_1216", "RESOLUTION_832_1248", "RESOLUTION_864_1152", "RESOLUTION_896_960",
        "RESOLUTION_896_1024", "RESOLUTION_896_1088", "RESOLUTION_896_1120", "RESOLUTION_896_1152",
        "RESOLUTION_960_832", "RESOLUTION_960_896", "RESOLUTION_960_1024", "RESOLUTION_960_1088",
        "RESOLUTION_1024_640", "RESOLUTION_1024_768", "RESOLUTION_1024_832", "RESOLUTION_1024_896",
        "RESOLUTION_1024_960", "RESOLUTION_1024_1024", "RESOLUTION_1088_768", "RESOLUTION_1088_832",
        "RESOLUTION_1088_896", "RESOLUTION_1088_960", "RESOLUTION_1120_896", "RESOLUTION_1152_704",
        "RESOLUTION_1152_768", "RESOLUTION_1152_832", "RESOLUTION_1152_864", "RESOLUTION_1152_896",
        "RESOLUTION_1216_704", "RESOLUTION_1216_768", "RESOLUTION_1216_832", "RESOLUTION_1232_768",
        "RESOLUTION_1248_832", "RESOLUTION_1280_704", "RESOLUTION_1280_720", "RESOLUTION_1280_768",
        "RESOLUTION_1280_800", "RESOLUTION_1312_736", "RESOLUTION_1344_640", "RESOLUTION_1344_704",
        "RESOLUTION_1344_768", "RESOLUTION_1408_576", "RESOLUTION_1408_640", "RESOLUTION_1408_704",
        "RESOLUTION_1472_576", "RESOLUTION_1472_640", "RESOLUTION_1472_704", "RESOLUTION_1536_512",
        "RESOLUTION_1536_576", "RESOLUTION_1536_640",
    ]

    static let v3: [Resolution] = v3Names.compactMap { Resolution(v3Name: $0) }

    /// The V3 resolution that best matches an input image: the closest aspect ratio first (in log
    /// space, so 2:1 and 1:2 are equally far from 1:1), then the closest pixel count. An input that
    /// already is a V3 resolution maps to itself. V3 edit, inpaint and replace-background answer
    /// with a `ResolutionV3` value (the response schema says so), never with an arbitrary size.
    static func nearestV3(to size: Resolution) -> Resolution {
        // The input's size is a client's claim: its area saturates instead of overflowing.
        let target = aspectLog(size)
        let area = size.pixelCount
        var best = v3[0]
        var bestAspectDistance = Double.infinity
        var bestAreaDistance = Int.max
        for candidate in v3 {
            let aspectDistance = abs(aspectLog(candidate) - target)
            let areaDistance = abs(candidate.pixelCount - area)
            let closerAspect = aspectDistance < bestAspectDistance - 1e-12
            let sameAspect = abs(aspectDistance - bestAspectDistance) <= 1e-12
            if closerAspect || (sameAspect && areaDistance < bestAreaDistance) {
                best = candidate
                bestAspectDistance = aspectDistance
                bestAreaDistance = areaDistance
            }
        }
        return best
    }

    private static func aspectLog(_ size: Resolution) -> Double {
        log(Double(size.width)) - log(Double(size.height))
    }
}
