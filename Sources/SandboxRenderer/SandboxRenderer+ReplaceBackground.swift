import ImageCodec

extension SandboxRenderer {
    /// Colour distance (Euclidean, RGB) within which a pixel counts as background.
    static let backgroundTolerance = 48

    /// Keeps the foreground and paints a new background behind it. The background is taken to be
    /// every pixel close to the dominant border colour, plus already-transparent pixels; product
    /// shots on a plain backdrop, the common case for this endpoint, separate cleanly this way.
    /// Foreground pixels are byte-identical to the (resized) source.
    func backgroundReplaced(_ job: RenderJob, width: Int, height: Int) -> Raster {
        let source = image(job.source, fallbackWidth: width, fallbackHeight: height)
            .resized(width: width, height: height, filter: .bilinear)
        let key = Self.dominantBorderColor(source)
        let limit = Self.backgroundTolerance * Self.backgroundTolerance
        let background: [Bool] = source.pixels.withUnsafeBufferPointer { p in
            (0..<(width * height)).map { i -> Bool in
                if p[i * 4 + 3] < 128 { return true }
                let dr = Int(p[i * 4]) - Int(key.r)
                let dg = Int(p[i * 4 + 1]) - Int(key.g)
                let db = Int(p[i * 4 + 2]) - Int(key.b)
                return dr * dr + dg * dg + db * db <= limit
            }
        }
        let fill = generated(job, width: width, height: height, anchor: nil)
        return source.replacing(where: background, with: fill)
    }

    /// The most common colour around the edge, found by 4-bit-per-channel buckets and refined
    /// to the mean of its bucket.
    static func dominantBorderColor(_ raster: Raster) -> RGBA {
        var border: [RGBA] = []
        for x in 0..<raster.width {
            border.append(raster[x, 0])
            border.append(raster[x, raster.height - 1])
        }
        for y in 0..<raster.height {
            border.append(raster[0, y])
            border.append(raster[raster.width - 1, y])
        }
        func bucket(_ c: RGBA) -> Int { Int(c.r >> 4) << 8 | Int(c.g >> 4) << 4 | Int(c.b >> 4) }
        var counts = [Int](repeating: 0, count: 4096)
        for c in border { counts[bucket(c)] += 1 }
        let best = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        let members = border.filter { bucket($0) == best }
        let n = max(1, members.count)
        return RGBA(
            r: UInt8(members.reduce(0) { $0 + Int($1.r) } / n),
            g: UInt8(members.reduce(0) { $0 + Int($1.g) } / n),
            b: UInt8(members.reduce(0) { $0 + Int($1.b) } / n))
    }
}
