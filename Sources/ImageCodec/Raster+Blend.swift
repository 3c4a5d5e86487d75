extension Raster {
    /// Per-channel weighted mean of two equally sized images:
    /// `(weight × self + (total − weight) × other) / total`, rounded to nearest.
    ///
    /// - Precondition: both rasters have the same size; `0 ≤ weight ≤ total`.
    public func blended(with other: Raster, weight: Int, total: Int = 100) -> Raster {
        precondition(width == other.width && height == other.height, "blend needs equal sizes")
        precondition(total > 0 && weight >= 0 && weight <= total, "blend weight out of range")
        let otherWeight = total - weight
        let half = total / 2
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { out in
            other.pixels.withUnsafeBufferPointer { b in
                for i in 0..<out.count {
                    out[i] = UInt8((Int(out[i]) &* weight &+ Int(b[i]) &* otherWeight &+ half) / total)
                }
            }
        }
        return result
    }

    /// Copies `other` into this image with its top-left corner at (`x`, `y`), replacing pixels
    /// (no alpha compositing); parts outside the bounds are dropped.
    public mutating func paste(_ other: Raster, x: Int, y: Int) {
        // Clamped additions: a paste position far off the canvas must clip, not overflow.
        let x0 = max(0, x), x1 = min(width, x.addingReportingOverflow(other.width).overflow ? width : x + other.width)
        guard x0 < x1 else { return }
        let yEnd = y.addingReportingOverflow(other.height).overflow ? height : y + other.height
        let count = (x1 - x0) * 4
        for row in max(0, y)..<max(max(0, y), min(height, yEnd)) {
            let dest = (row * width + x0) * 4
            let src = ((row - y) * other.width + (x0 - x)) * 4
            pixels.replaceSubrange(dest..<(dest + count), with: other.pixels[src..<(src + count)])
        }
    }

    /// Takes each pixel from `other` where `replace` is true, keeping the rest byte for byte.
    ///
    /// - Precondition: equal sizes and one flag per pixel.
    public func replacing(where replace: [Bool], with other: Raster) -> Raster {
        precondition(width == other.width && height == other.height, "replace needs equal sizes")
        precondition(replace.count == pixelCount, "one flag per pixel")
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { out in
            other.pixels.withUnsafeBufferPointer { b in
                for (i, take) in replace.enumerated() where take {
                    out[i &* 4] = b[i &* 4]
                    out[i &* 4 &+ 1] = b[i &* 4 &+ 1]
                    out[i &* 4 &+ 2] = b[i &* 4 &+ 2]
                    out[i &* 4 &+ 3] = b[i &* 4 &+ 3]
                }
            }
        }
        return result
    }
}
