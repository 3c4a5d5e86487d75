import ImageCodec
import NIOCore

extension SandboxRenderer {
    /// One sentence derived from the image itself: size, orientation and, for PNGs, the two or
    /// three dominant colours by name and hex. JPEG and WebP are described from their headers,
    /// since their pixels cannot be decoded offline.
    public func describe(_ image: ByteBuffer) -> String {
        if let raster = try? PNG.decode(image), raster.pixelCount > 0 {
            return describe(raster)
        }
        guard let header = ImageHeader.read(image) else {
            return "An image of \(Self.byteSize(image.readableBytes)) in a format that could not be read."
        }
        let format = header.format == .jpeg ? "JPEG" : header.format.rawValue.uppercased()
        return "A \(header.width)×\(header.height) \(Self.orientation(header.width, header.height)) \(format) image "
            + "(\(Self.byteSize(image.readableBytes)))."
    }

    func describe(_ raster: Raster) -> String {
        let colors = Self.dominantColors(raster)
        var sentence = "A \(raster.width)×\(raster.height) \(Self.orientation(raster.width, raster.height)) image"
        let named = colors.map { "\(ColorName.name($0)) (\($0.hex))" }
        switch named.count {
        case 0:
            sentence += " that is fully transparent"
        case 1:
            sentence += " dominated by \(named[0]) tones"
        default:
            sentence += " dominated by \(named[0]) and \(named[1]) tones"
            if named.count > 2 { sentence += ", with accents of \(named[2])" }
        }
        let small = raster.resized(width: min(raster.width, 64), height: min(raster.height, 64))
        let transparent = stride(from: 3, to: small.pixels.count, by: 4).filter { small.pixels[$0] < 128 }.count
        if !named.isEmpty && transparent * 4 >= small.pixelCount {
            sentence += ", on a transparent background"
        }
        let luminance = small.meanColor.luminance
        if !named.isEmpty {
            sentence += luminance < 80 ? "; the overall mood is dark" : (luminance > 180 ? "; the overall mood is bright" : "")
        }
        return sentence + "."
    }

    /// Up to three visibly different colours covering the most (opaque) area.
    static func dominantColors(_ raster: Raster) -> [RGBA] {
        let small = raster.resized(width: min(raster.width, 64), height: min(raster.height, 64))
        var sums = [SIMD4<Int>](repeating: .zero, count: 512)
        small.pixels.withUnsafeBufferPointer { p in
            for i in stride(from: 0, to: p.count, by: 4) where p[i + 3] >= 128 {
                let bucket = Int(p[i] >> 5) << 6 | Int(p[i + 1] >> 5) << 3 | Int(p[i + 2] >> 5)
                sums[bucket] &+= SIMD4(Int(p[i]), Int(p[i + 1]), Int(p[i + 2]), 1)
            }
        }
        let ranked = sums.filter { $0.w > 0 }.sorted { $0.w > $1.w }
        var chosen: [RGBA] = []
        for s in ranked {
            let c = RGBA(r: UInt8(s.x / s.w), g: UInt8(s.y / s.w), b: UInt8(s.z / s.w))
            let distinct = chosen.allSatisfy { other in
                let dr = Int(c.r) - Int(other.r), dg = Int(c.g) - Int(other.g), db = Int(c.b) - Int(other.b)
                return dr * dr + dg * dg + db * db > 60 * 60
            }
            if distinct { chosen.append(c) }
            if chosen.count == 3 { break }
        }
        return chosen
    }

    static func orientation(_ width: Int, _ height: Int) -> String {
        width == height ? "square" : (width > height ? "landscape" : "portrait")
    }

    static func byteSize(_ count: Int) -> String {
        count < 1024 ? "\(count) bytes" : "\((count + 512) / 1024) KB"
    }
}

extension SandboxRenderer {
    /// Up to three dominant colours of an image as `#RRGGBB`, for a structured description
    /// (Ideogram 4 describe's `color_palette`); empty when the image cannot be decoded.
    public func palette(of image: ByteBuffer) -> [String] {
        guard let raster = try? PNG.decode(image), raster.pixelCount > 0 else { return [] }
        return Self.dominantColors(raster).map(\.hex)
    }
}
