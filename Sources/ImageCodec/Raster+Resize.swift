extension Raster {
    public enum ResizeFilter: Sendable {
        /// Blocky, exact colours: for masks and pixel-exact comparisons.
        case nearest
        /// Smooth; large reductions first halve with a 2×2 box so detail averages instead of aliasing.
        case bilinear
    }

    /// Bytes of a `w`×`h` raster; a size that overflows is a caller's bug, stopped here
    /// before it can size an allocation.
    static func requiredByteCount(_ w: Int, _ h: Int) -> Int {
        guard let bytes = byteCount(width: w, height: h) else {
            preconditionFailure("raster size \(w)x\(h) is negative or too large")
        }
        return bytes
    }

    /// A copy scaled to exactly `width`×`height` (each at least 1). Same size returns `self` unchanged.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResizeFilter = .bilinear) -> Raster {
        let w = max(1, newWidth), h = max(1, newHeight)
        if w == width && h == height { return self }
        guard width > 0 && height > 0 else { return Raster(width: w, height: h) }
        switch filter {
        case .nearest:
            return nearest(width: w, height: h)
        case .bilinear:
            var source = self
            while source.width >= 2 * w && source.height >= 2 * h {
                source = source.halved()
            }
            return source.bilinear(width: w, height: h)
        }
    }

    private func nearest(width w: Int, height h: Int) -> Raster {
        let sw = width, sh = height
        let xs = (0..<w).map { x in min(sw - 1, (2 * x + 1) * sw / (2 * w)) }
        let pixels = [UInt8](unsafeUninitializedCapacity: Self.requiredByteCount(w, h)) { out, initialized in
            self.pixels.withUnsafeBufferPointer { src in
                // Both sizes are at least 1×1 here, so neither buffer is empty.
                guard let sBase = src.baseAddress, let oBase = out.baseAddress else { return }
                let s = UnsafeRawPointer(sBase).assumingMemoryBound(to: UInt32.self)
                let o = UnsafeMutableRawPointer(oBase).assumingMemoryBound(to: UInt32.self)
                for y in 0..<h {
                    let row = s + min(sh - 1, (2 * y + 1) * sh / (2 * h)) * sw
                    let dest = o + y * w
                    for x in 0..<w { dest[x] = row[xs[x]] }
                }
            }
            initialized = Self.requiredByteCount(w, h)
        }
        return Raster(width: w, height: h, pixels: pixels)
    }

    /// Pixel-centre aligned bilinear interpolation in 8-bit fixed point.
    private func bilinear(width w: Int, height h: Int) -> Raster {
        let sw = width, sh = height
        func taps(_ count: Int, _ sourceCount: Int) -> (lo: [Int], hi: [Int], frac: [Int]) {
            var lo = [Int](repeating: 0, count: count), hi = lo, frac = lo
            let scale = Double(sourceCount) / Double(count)
            for i in 0..<count {
                let s = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(sourceCount - 1))
                let f = Int(s)
                lo[i] = f
                hi[i] = min(f + 1, sourceCount - 1)
                frac[i] = Int(((s - Double(f)) * 256).rounded())
            }
            return (lo, hi, frac)
        }
        let tx = taps(w, sw), ty = taps(h, sh)
        let pixels = [UInt8](unsafeUninitializedCapacity: Self.requiredByteCount(w, h)) { out, initialized in
            self.pixels.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let o = out.baseAddress else { return }
                tx.lo.withUnsafeBufferPointer { xlo in
                    tx.hi.withUnsafeBufferPointer { xhi in
                        tx.frac.withUnsafeBufferPointer { xf in
                            for y in 0..<h {
                                let top = s + ty.lo[y] * sw * 4
                                let bottom = s + ty.hi[y] * sw * 4
                                let fy = ty.frac[y], gy = 256 - fy
                                let dest = o + y * w * 4
                                for x in 0..<w {
                                    let a = xlo[x] &* 4, b = xhi[x] &* 4
                                    let fx = xf[x], gx = 256 &- fx
                                    for c in 0..<4 {
                                        let t = Int(top[a &+ c]) &* gx &+ Int(top[b &+ c]) &* fx
                                        let u = Int(bottom[a &+ c]) &* gx &+ Int(bottom[b &+ c]) &* fx
                                        dest[x &* 4 &+ c] = UInt8(truncatingIfNeeded: (t &* gy &+ u &* fy &+ 32768) >> 16)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            initialized = Self.requiredByteCount(w, h)
        }
        return Raster(width: w, height: h, pixels: pixels)
    }

    /// Half size (rounded down, at least 1) by averaging 2×2 blocks.
    private func halved() -> Raster {
        let w = max(1, width / 2), h = max(1, height / 2)
        let sw = width
        let pixels = [UInt8](unsafeUninitializedCapacity: Self.requiredByteCount(w, h)) { out, initialized in
            self.pixels.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress else { return }
                for y in 0..<h {
                    let r0 = s + (2 * y) * sw * 4
                    let r1 = s + min(2 * y + 1, height - 1) * sw * 4
                    for x in 0..<w {
                        let a = 2 * x * 4, b = min(2 * x + 1, sw - 1) * 4
                        for c in 0..<4 {
                            let sum = Int(r0[a + c]) + Int(r0[b + c]) + Int(r1[a + c]) + Int(r1[b + c])
                            out[(y * w + x) * 4 + c] = UInt8((sum + 2) >> 2)
                        }
                    }
                }
            }
            initialized = Self.requiredByteCount(w, h)
        }
        return Raster(width: w, height: h, pixels: pixels)
    }
}
