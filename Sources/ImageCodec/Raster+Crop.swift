extension Raster {
    /// The part of the image inside the given rectangle, clipped to the image bounds.
    public func cropped(x: Int, y: Int, width w: Int, height h: Int) -> Raster {
        let x0 = min(max(0, x), width), y0 = min(max(0, y), height)
        let x1 = min(max(x0, x + w), width), y1 = min(max(y0, y + h), height)
        let cw = x1 - x0, ch = y1 - y0
        if cw == width && ch == height { return self }
        var pixels = [UInt8]()
        pixels.reserveCapacity(cw * ch * 4)
        for row in y0..<y1 {
            let start = (row * width + x0) * 4
            pixels.append(contentsOf: self.pixels[start..<(start + cw * 4)])
        }
        return Raster(width: cw, height: ch, pixels: pixels)
    }

    /// The largest centred region with the aspect ratio `aspectWidth`:`aspectHeight`, so that a
    /// following resize to that aspect does not distort.
    public func centerCropped(aspectWidth: Int, aspectHeight: Int) -> Raster {
        guard aspectWidth > 0, aspectHeight > 0, width > 0, height > 0 else { return self }
        // Compare width/height with aspectWidth/aspectHeight in full-width integers: exact, and an
        // absurd ratio cannot overflow.
        let wide = width.multipliedFullWidth(by: aspectHeight)
        let tall = height.multipliedFullWidth(by: aspectWidth)
        if (wide.high, wide.low) > (tall.high, tall.low) {
            let w = Self.scaledSide(height, aspectWidth, aspectHeight, limit: width)
            return cropped(x: (width - w) / 2, y: 0, width: w, height: height)
        } else {
            let h = Self.scaledSide(width, aspectHeight, aspectWidth, limit: height)
            return cropped(x: 0, y: (height - h) / 2, width: width, height: h)
        }
    }

    /// `side × numerator / denominator`, rounded, within 1…limit. Integer arithmetic when the
    /// product fits (exact); otherwise the ratio is absurd and the nearest double is close enough.
    private static func scaledSide(_ side: Int, _ numerator: Int, _ denominator: Int, limit: Int) -> Int {
        let scaled: Int
        if let product = SizeArithmetic.product(side, numerator), let rounded = SizeArithmetic.sum(product, denominator / 2) {
            scaled = rounded / denominator
        } else {
            let value = (Double(side) * Double(numerator) / Double(denominator)).rounded()
            scaled = value >= Double(limit) ? limit : Int(value)
        }
        return min(limit, max(1, scaled))
    }
}
