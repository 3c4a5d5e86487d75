/// Converts unfiltered scanlines of any PNG pixel format into RGBA8 at their place in the image.
///
/// The format switch happens once per row and each case is a tight loop, which keeps the
/// common 8-bit RGB/RGBA decode close to a memory copy.
struct RowExpander {
    let header: PNGHeader
    let palette: [UInt8]
    let key: [UInt16]?
    let output: UnsafeMutablePointer<UInt8>

    init(file: PNGFile, output: UnsafeMutablePointer<UInt8>) {
        self.header = file.header
        self.palette = file.palette
        self.key = file.transparentKey
        self.output = output
    }

    func expand(_ line: UnsafeMutablePointer<UInt8>, count: Int, y: Int, x0: Int, dx: Int) {
        // Cannot overflow: PNGHeader admitted this size only after checking width × height × 4.
        let out = output + (y * header.width + x0) * 4
        let step = dx * 4
        let depth = header.bitDepth
        switch (header.colorType, depth) {
        case (6, 8):
            if dx == 1 {
                out.update(from: line, count: count * 4)
            } else {
                for i in 0..<count {
                    let o = out + i * step, s = line + i * 4
                    o[0] = s[0]; o[1] = s[1]; o[2] = s[2]; o[3] = s[3]
                }
            }
        case (6, _):
            for i in 0..<count {
                let o = out + i * step, s = line + i * 8
                o[0] = s[0]; o[1] = s[2]; o[2] = s[4]; o[3] = s[6]
            }
        case (2, 8):
            let k = key
            for i in 0..<count {
                let o = out + i * step, s = line + i * 3
                o[0] = s[0]; o[1] = s[1]; o[2] = s[2]
                o[3] = 255
                if let k, UInt16(s[0]) == k[0], UInt16(s[1]) == k[1], UInt16(s[2]) == k[2] { o[3] = 0 }
            }
        case (2, _):
            let k = key
            for i in 0..<count {
                let o = out + i * step, s = line + i * 6
                o[0] = s[0]; o[1] = s[2]; o[2] = s[4]
                o[3] = 255
                if let k, sample16(s) == k[0], sample16(s + 2) == k[1], sample16(s + 4) == k[2] { o[3] = 0 }
            }
        case (4, 8):
            for i in 0..<count {
                let o = out + i * step, s = line + i * 2
                o[0] = s[0]; o[1] = s[0]; o[2] = s[0]; o[3] = s[1]
            }
        case (4, _):
            for i in 0..<count {
                let o = out + i * step, s = line + i * 4
                o[0] = s[0]; o[1] = s[0]; o[2] = s[0]; o[3] = s[2]
            }
        case (0, 16):
            let k = key
            for i in 0..<count {
                let o = out + i * step, s = line + i * 2
                o[0] = s[0]; o[1] = s[0]; o[2] = s[0]
                o[3] = 255
                if let k, sample16(s) == k[0] { o[3] = 0 }
            }
        case (0, _):
            // 1, 2, 4 and 8 bits: scale to 0…255 so that the maximum sample is white.
            let maxValue = (1 << depth) - 1
            let scale = 255 / maxValue
            let transparent = key.map { Int($0[0]) } ?? -1
            for i in 0..<count {
                let v = packedSample(line, index: i, depth: depth)
                let g = UInt8(v * scale)
                let o = out + i * step
                o[0] = g; o[1] = g; o[2] = g
                o[3] = v == transparent ? 0 : 255
            }
        case (3, _):
            palette.withUnsafeBufferPointer { table in
                for i in 0..<count {
                    let v = depth == 8 ? Int(line[i]) : packedSample(line, index: i, depth: depth)
                    let o = out + i * step
                    let p = v * 4
                    o[0] = table[p]; o[1] = table[p + 1]; o[2] = table[p + 2]; o[3] = table[p + 3]
                }
            }
        default:
            break  // PNGHeader rejects every other combination.
        }
    }

    @inline(__always)
    private func sample16(_ p: UnsafeMutablePointer<UInt8>) -> UInt16 {
        UInt16(p[0]) << 8 | UInt16(p[1])
    }

    /// Sample `index` of a row packed at 1, 2, 4 or 8 bits, most significant bits first.
    @inline(__always)
    private func packedSample(_ line: UnsafeMutablePointer<UInt8>, index: Int, depth: Int) -> Int {
        if depth == 8 { return Int(line[index]) }
        let bit = index * depth
        let shift = 8 - depth - (bit & 7)
        return (Int(line[bit >> 3]) >> shift) & ((1 << depth) - 1)
    }
}
