import ImageCodec

/// A small set of harmonious colours that one image is painted with, derived from the prompt,
/// the seed, the style and (when there is one) a colour taken from the input images.
struct Palette {
    /// Background gradient ends.
    var skyTop: SIMD3<Float>
    var skyBottom: SIMD3<Float>
    var glow: SIMD3<Float>
    /// Back to front.
    var bands: [SIMD3<Float>]
    var accents: [SIMD3<Float>]

    /// Words that steer the base hue, so "ocean" looks blue and "sunset" orange in demos.
    private static let keywordHues: [(String, Float)] = [
        ("sunset", 22), ("sunrise", 30), ("fire", 8), ("autumn", 28), ("desert", 38), ("gold", 45),
        ("sun", 44), ("lemon", 55), ("forest", 125), ("jungle", 115), ("grass", 100), ("leaf", 105),
        ("mint", 150), ("ocean", 205), ("sea", 200), ("lake", 195), ("river", 195), ("water", 200),
        ("sky", 210), ("ice", 190), ("snow", 205), ("night", 232), ("space", 245), ("galaxy", 265),
        ("lavender", 270), ("purple", 280), ("violet", 275), ("rose", 340), ("pink", 330),
        ("cherry", 350), ("red", 2), ("orange", 28), ("yellow", 52), ("green", 120), ("blue", 220),
        ("teal", 175), ("cyan", 185), ("magenta", 305), ("city", 225), ("neon", 295),
    ]

    init(prompt: String, style: String?, anchor: RGBA?, rng: inout SeededGenerator) {
        let words = prompt.lowercased().split { !$0.isLetter }.map(String.init)
        var hue: Float
        if let anchor {
            hue = Self.hsl(of: anchor).h + rng.float(-12, 12)
        } else if let hit = Self.keywordHues.first(where: { words.contains($0.0) }) {
            hue = hit.1 + rng.float(-15, 15)
        } else {
            hue = rng.float(0, 360)
        }
        var saturation: Float = 0.62
        var lightness: Float = 0.0
        switch style?.uppercased() {
        case "REALISTIC": saturation = 0.38
        case "DESIGN": saturation = 0.78
        case "ANIME": saturation = 0.8; lightness = 0.1
        case "RENDER_3D": saturation = 0.55; lightness = 0.06
        case "FICTION": saturation = 0.5; lightness = -0.08; hue += 18
        default: break
        }
        // Harmony schemes as hue offsets: analogous, split complementary, triadic, complementary.
        let schemes: [[Float]] = [[0, 28, -28, 56], [0, 150, 210, 30], [0, 120, 240, 60], [0, 180, 20, 200]]
        let scheme = schemes[rng.int(0, schemes.count - 1)]
        func color(_ offset: Float, _ s: Float, _ l: Float) -> SIMD3<Float> {
            Self.rgb(h: hue + offset, s: min(1, max(0, s * saturation / 0.62)), l: min(0.95, max(0.05, l + lightness)))
        }
        skyTop = color(scheme[1] * 0.25, 0.55, rng.float(0.16, 0.3))
        skyBottom = color(scheme[2] * 0.2, 0.65, rng.float(0.55, 0.72))
        glow = color(scheme[1], 0.85, 0.72)
        // Hills stay near the base hue so the prompt's colour word carries through the image.
        let bandShift = (scheme[3] > 180 ? scheme[3] - 360 : scheme[3]) * 0.2
        bands = (0..<3).map { i in color(bandShift + Float(i) * 8, 0.5, 0.5 - Float(i) * 0.12) }
        accents = (0..<4).map { i in color(scheme[i], rng.float(0.6, 0.95), rng.float(0.5, 0.75)) }

        if let anchor {
            // Pull everything towards the reference colour so derived images feel related.
            let a = SIMD3<Float>(Float(anchor.r), Float(anchor.g), Float(anchor.b)) / 255
            let mix: (SIMD3<Float>) -> SIMD3<Float> = { $0 * 0.7 + a * 0.3 }
            skyTop = mix(skyTop)
            skyBottom = mix(skyBottom)
            bands = bands.map(mix)
        }
    }

    static func hsl(of c: RGBA) -> (h: Float, s: Float, l: Float) {
        let r = Float(c.r) / 255, g = Float(c.g) / 255, b = Float(c.b) / 255
        let maxC = max(r, g, b), minC = min(r, g, b)
        let l = (maxC + minC) / 2
        let d = maxC - minC
        guard d > 0.0001 else { return (0, 0, l) }
        let s = l > 0.5 ? d / (2 - maxC - minC) : d / (maxC + minC)
        var h: Float
        if maxC == r {
            h = (g - b) / d + (g < b ? 6 : 0)
        } else if maxC == g {
            h = (b - r) / d + 2
        } else {
            h = (r - g) / d + 4
        }
        return (h * 60, s, l)
    }

    static func rgb(h: Float, s: Float, l: Float) -> SIMD3<Float> {
        var hue = h.truncatingRemainder(dividingBy: 360)
        if hue < 0 { hue += 360 }
        let c = (1 - abs(2 * l - 1)) * s
        let x = c * (1 - abs((hue / 60).truncatingRemainder(dividingBy: 2) - 1))
        let m = l - c / 2
        let (r, g, b): (Float, Float, Float)
        switch hue {
        case ..<60: (r, g, b) = (c, x, 0)
        case ..<120: (r, g, b) = (x, c, 0)
        case ..<180: (r, g, b) = (0, c, x)
        case ..<240: (r, g, b) = (0, x, c)
        case ..<300: (r, g, b) = (x, 0, c)
        default: (r, g, b) = (c, 0, x)
        }
        return SIMD3(r + m, g + m, b + m)
    }
}
