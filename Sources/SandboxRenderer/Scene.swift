import ImageCodec

/// A seeded abstract landscape: a gradient sky, a soft glow, rolling bands and a few discs.
///
/// Shapes live in unit coordinates, so one scene looks the same at every output size. It is
/// painted at a capped internal resolution and then scaled up: the image is smooth by design,
/// so this costs nothing visible and keeps large renders cheap.
struct Scene {
    struct Band {
        var base: Float, amplitude: Float, frequency: Float, phase: Float
        var color: SIMD3<Float>, opacity: Float
    }

    struct Disc {
        var x: Float, y: Float, radius: Float
        var color: SIMD3<Float>, opacity: Float
    }

    /// Pixels painted before upscaling; about 800×400 at 2:1.
    static let maxInternalPixels = 320 * 1024

    var palette: Palette
    var direction: SIMD2<Float>
    var glowCenter: SIMD2<Float>
    var glowRadius: Float
    var backDiscs: [Disc]
    var bands: [Band]
    var frontDiscs: [Disc]

    init(palette: Palette, rng: inout SeededGenerator) {
        self.palette = palette
        let angle = rng.float(-0.6, 0.6) + .pi / 2  // mostly top-to-bottom, like a sky
        direction = SIMD2(Trig.cos(angle), Trig.sin(angle))
        let glow = SIMD2<Float>(rng.float(0.2, 0.8), rng.float(0.15, 0.5))
        glowCenter = glow
        glowRadius = rng.float(0.18, 0.4)

        // The first back disc sits in the glow, like a sun or moon.
        backDiscs = (0..<rng.int(1, 2)).map { i in
            Disc(
                x: i == 0 ? glow.x : rng.float(0.1, 0.9), y: i == 0 ? glow.y : rng.float(0.1, 0.5),
                radius: rng.float(0.08, 0.2), color: palette.glow * 0.6 + palette.accents[i] * 0.4,
                opacity: rng.float(0.75, 0.95))
        }
        let bandCount = rng.int(2, 3)
        bands = (0..<bandCount).map { i in
            Band(
                base: 0.55 + Float(i) * rng.float(0.08, 0.14), amplitude: rng.float(0.02, 0.08),
                frequency: rng.float(0.6, 2.2), phase: rng.float(0, 2 * .pi),
                color: palette.bands[i], opacity: 0.92)
        }
        frontDiscs = (0..<rng.int(2, 5)).map { _ in
            Disc(
                x: rng.float(0.05, 0.95), y: rng.float(0.1, 0.9), radius: rng.float(0.02, 0.07),
                color: palette.accents[rng.int(0, palette.accents.count - 1)], opacity: rng.float(0.35, 0.7))
        }
    }

    /// The scene at exactly `width`×`height`, opaque.
    func render(width: Int, height: Int) -> Raster {
        let (iw, ih) = Self.internalSize(width: width, height: height)
        return paint(width: iw, height: ih).resized(width: width, height: height, filter: .bilinear)
    }

    static func internalSize(width: Int, height: Int) -> (Int, Int) {
        let pixels = width * height
        guard pixels > maxInternalPixels else { return (width, height) }
        let scale = (Double(maxInternalPixels) / Double(pixels)).squareRoot()
        return (max(1, Int(Double(width) * scale)), max(1, Int(Double(height) * scale)))
    }

    private func paint(width: Int, height: Int) -> Raster {
        let w = Float(width), h = Float(height)
        let minSide = min(w, h)
        let aspect = w / h
        // Band edges depend on x only: evaluate each once per column.
        let edges: [[Float]] = bands.map { band in
            (0..<width).map { x in
                let u = (Float(x) + 0.5) / w
                return band.base + band.amplitude * Trig.sin(2 * .pi * band.frequency * u + band.phase)
            }
        }
        let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, initialized in
            for y in 0..<height {
                let v = (Float(y) + 0.5) / h
                for x in 0..<width {
                    let u = (Float(x) + 0.5) / w
                    var t = (u - 0.5) * direction.x + (v - 0.5) * direction.y + 0.5
                    t = min(max(t, 0), 1)
                    t = t * t * (3 - 2 * t)
                    var c = palette.skyTop + (palette.skyBottom - palette.skyTop) * t

                    let gx = (u - glowCenter.x) * aspect, gy = v - glowCenter.y
                    let g = 1 / (1 + (gx * gx + gy * gy) / (glowRadius * glowRadius) * 4)
                    c += (palette.glow - c) * (g * 0.7)

                    let px = Float(x) + 0.5, py = Float(y) + 0.5
                    for disc in backDiscs { c = Self.paint(disc, over: c, px, py, w, h, minSide) }
                    for (i, band) in bands.enumerated() {
                        let depth = v - edges[i][x]
                        let coverage = min(max(depth * h + 0.5, 0), 1)
                        if coverage > 0 {
                            let shade = band.color * (1 - min(depth, 0.5) * 0.5)
                            c += (shade - c) * (coverage * band.opacity)
                        }
                    }
                    for disc in frontDiscs { c = Self.paint(disc, over: c, px, py, w, h, minSide) }

                    let o = (y * width + x) * 4
                    out[o] = UInt8(min(max(c.x, 0), 1) * 255 + 0.5)
                    out[o + 1] = UInt8(min(max(c.y, 0), 1) * 255 + 0.5)
                    out[o + 2] = UInt8(min(max(c.z, 0), 1) * 255 + 0.5)
                    out[o + 3] = 255
                }
            }
            initialized = width * height * 4
        }
        return Raster(width: width, height: height, pixels: pixels)
    }

    /// A disc with an anti-aliased rim and light from the upper left.
    @inline(__always)
    private static func paint(
        _ disc: Disc, over c: SIMD3<Float>, _ px: Float, _ py: Float, _ w: Float, _ h: Float, _ minSide: Float
    ) -> SIMD3<Float> {
        let r = disc.radius * minSide
        let dx = px - disc.x * w, dy = py - disc.y * h
        let d2 = dx * dx + dy * dy
        if d2 > (r + 1) * (r + 1) { return c }
        let d = d2.squareRoot()
        let coverage = min(max(r - d + 0.5, 0), 1)
        let light = 1 + 0.25 * (-dx - dy) / (r * 1.41421356)
        return c + (disc.color * light - c) * (coverage * disc.opacity)
    }
}
