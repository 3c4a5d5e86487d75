import ImageCodec

/// A rounded cluster of shaded discs near the centre: the "subject" of a transparent render.
/// Alpha is strictly 0 or 255 so callers can composite it without halo handling.
struct Subject {
    var discs: [Scene.Disc]

    init(palette: Palette, rng: inout SeededGenerator) {
        let count = rng.int(3, 5)
        discs = (0..<count).map { i in
            let angle = Float(i) / Float(count) * 2 * .pi + rng.float(0, 0.8)
            let spread: Float = i == 0 ? 0 : rng.float(0.08, 0.16)
            return Scene.Disc(
                x: 0.5 + Trig.cos(angle) * spread, y: 0.5 + Trig.sin(angle) * spread,
                radius: i == 0 ? rng.float(0.18, 0.24) : rng.float(0.09, 0.15),
                color: palette.accents[i % palette.accents.count], opacity: 1)
        }
    }

    func render(width: Int, height: Int) -> Raster {
        let (iw, ih) = Scene.internalSize(width: width, height: height)
        var raster = paint(width: iw, height: ih).resized(width: width, height: height, filter: .bilinear)
        raster.pixels.withUnsafeMutableBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 4) {
                if p[i + 3] >= 128 {
                    p[i + 3] = 255
                } else {
                    p[i] = 0; p[i + 1] = 0; p[i + 2] = 0; p[i + 3] = 0
                }
            }
        }
        return raster
    }

    private func paint(width: Int, height: Int) -> Raster {
        let w = Float(width), h = Float(height), minSide = min(w, h)
        var raster = Raster(width: width, height: height)
        raster.pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                for x in 0..<width {
                    let px = Float(x) + 0.5, py = Float(y) + 0.5
                    var alpha: Float = 0
                    var color = SIMD3<Float>(0, 0, 0)
                    // Later discs sit in front; each one's rim is anti-aliased into alpha.
                    for disc in discs {
                        let r = disc.radius * minSide
                        let dx = px - disc.x * w, dy = py - disc.y * h
                        let d = (dx * dx + dy * dy).squareRoot()
                        let coverage = min(max(r - d + 0.5, 0), 1)
                        guard coverage > 0 else { continue }
                        let light = 1 + 0.35 * (-dx - dy) / (r * 1.41421356) - 0.25 * (d / r) * (d / r)
                        color = alpha == 0 ? disc.color * light : color + (disc.color * light - color) * coverage
                        alpha = max(alpha, coverage)
                    }
                    guard alpha > 0 else { continue }
                    let o = (y * width + x) * 4
                    out[o] = UInt8(min(max(color.x, 0), 1) * 255 + 0.5)
                    out[o + 1] = UInt8(min(max(color.y, 0), 1) * 255 + 0.5)
                    out[o + 2] = UInt8(min(max(color.z, 0), 1) * 255 + 0.5)
                    out[o + 3] = UInt8(alpha * 255 + 0.5)
                }
            }
        }
        return raster
    }
}
