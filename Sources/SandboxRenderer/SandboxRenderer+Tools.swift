import ImageCodec
import NIOCore

/// The sandbox's image tools: remove-background, remove-object and layerize-text. Each works
/// on the input's own pixels at its own size, deterministically, so a client sees the shape
/// of the real answer: a transparent cut-out, a hole filled from its edges, an erased text box.
extension SandboxRenderer {
    /// The input with its background made transparent, as an RGBA PNG. The background is what
    /// `backgroundReplaced` takes it to be (pixels near the dominant border colour, or already
    /// transparent), but only where connected to the border: a flood fill from the edge, so a
    /// subject that contains the backdrop's colour keeps it.
    public func removeBackground(_ source: ByteBuffer?, width: Int, height: Int) -> ByteBuffer {
        let (w, h) = Self.clampedSize(width, height)
        var raster = image(source, fallbackWidth: w, fallbackHeight: h).resized(width: w, height: h, filter: .bilinear)
        let background = Self.borderConnectedBackground(raster)
        for i in 0..<(w * h) where background[i] {
            raster.pixels[i * 4 + 3] = 0
        }
        return PNG.encode(raster, opaque: false)
    }

    /// The input with the mask's white pixels (luminance ≥ 128, mask resized with nearest
    /// neighbour) filled from their surroundings; every other pixel is byte-identical to the
    /// (resized) input. A mask that cannot be decoded (JPEG, WebP) removes nothing.
    public func removeObject(_ source: ByteBuffer?, mask: ByteBuffer?, width: Int, height: Int) -> ByteBuffer {
        let (w, h) = Self.clampedSize(width, height)
        let raster = image(source, fallbackWidth: w, fallbackHeight: h).resized(width: w, height: h, filter: .bilinear)
        var removed = [Bool](repeating: false, count: w * h)
        if let mask, let decoded = try? PNG.decode(mask), decoded.pixelCount > 0 {
            let sized = decoded.resized(width: w, height: h, filter: .nearest)
            for i in 0..<(w * h) {
                let color = RGBA(r: sized.pixels[i * 4], g: sized.pixels[i * 4 + 1], b: sized.pixels[i * 4 + 2])
                removed[i] = color.luminance >= 128
            }
        }
        return PNG.encode(Self.filledFromSurroundings(raster, holes: removed))
    }

    /// Layerize-text in the sandbox: no text recognition runs offline, so the only text it can
    /// honestly report is text the caller named — the first quoted phrase of `prompt` (the
    /// description of the image, e.g. `a poster reading "SUMMER SALE"`). That phrase becomes one
    /// heading block, centred in the top third, and the base image is the input with that box
    /// filled from its surroundings. Without a quoted phrase there are no blocks and the base
    /// image is the input itself.
    public func layerizeText(_ source: ByteBuffer?, prompt: String, width: Int, height: Int) -> TextLayering {
        let (w, h) = Self.clampedSize(width, height)
        let raster = image(source, fallbackWidth: w, fallbackHeight: h).resized(width: w, height: h, filter: .bilinear)
        guard let text = Self.quotedPhrase(prompt) else {
            let png = PNG.encode(raster)
            return TextLayering(base: png, original: png, blocks: [])
        }
        let fontSize = max(8, h / 12)
        let boxHeight = min(h, fontSize * 3 / 2)
        let boxWidth = min(w, max(fontSize, text.count * fontSize * 6 / 10))
        let x = (w - boxWidth) / 2, y = min(h - boxHeight, h / 10)
        var holes = [Bool](repeating: false, count: w * h)
        for row in y..<(y + boxHeight) {
            for column in x..<(x + boxWidth) { holes[row * w + column] = true }
        }
        // Dark text on a light box and light text on a dark one: the contrasting colour.
        let backdrop = raster.cropped(x: x, y: y, width: boxWidth, height: boxHeight).meanColor
        let color: RGBA = backdrop.luminance >= 128 ? RGBA(r: 0x21, g: 0x21, b: 0x21) : .white
        let block = SandboxTextBlock(text: text, x: x, y: y, width: boxWidth, height: boxHeight, fontSize: fontSize, color: color.hex.uppercased())
        return TextLayering(base: PNG.encode(Self.filledFromSurroundings(raster, holes: holes)), original: PNG.encode(raster), blocks: [block])
    }

    // MARK: Pixel work

    static func clampedSize(_ width: Int, _ height: Int) -> (Int, Int) {
        (min(max(width, 1), maxSide), min(max(height, 1), maxSide))
    }

    /// The first non-empty phrase between straight double quotes.
    static func quotedPhrase(_ prompt: String) -> String? {
        let pieces = prompt.split(separator: "\"", omittingEmptySubsequences: false)
        guard pieces.count >= 3 else { return nil }
        // No Foundation here: trimmed by hand.
        let phrase = String(pieces[1].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        return phrase.isEmpty ? nil : phrase
    }

    /// Pixels close to the dominant border colour (or transparent) and connected to the border.
    static func borderConnectedBackground(_ raster: Raster) -> [Bool] {
        let w = raster.width, h = raster.height
        guard w > 0, h > 0 else { return [] }
        let key = dominantBorderColor(raster)
        let limit = backgroundTolerance * backgroundTolerance
        let p = raster.pixels
        func matches(_ i: Int) -> Bool {
            if p[i * 4 + 3] < 128 { return true }
            let dr = Int(p[i * 4]) - Int(key.r), dg = Int(p[i * 4 + 1]) - Int(key.g), db = Int(p[i * 4 + 2]) - Int(key.b)
            return dr * dr + dg * dg + db * db <= limit
        }
        var background = [Bool](repeating: false, count: w * h)
        var stack: [Int] = []
        func visit(_ i: Int) {
            if !background[i], matches(i) {
                background[i] = true
                stack.append(i)
            }
        }
        for x in 0..<w { visit(x); visit((h - 1) * w + x) }
        for y in 0..<h { visit(y * w); visit(y * w + w - 1) }
        while let i = stack.popLast() {
            let x = i % w, y = i / w
            if x > 0 { visit(i - 1) }
            if x < w - 1 { visit(i + 1) }
            if y > 0 { visit(i - w) }
            if y < h - 1 { visit(i + w) }
        }
        return background
    }

    /// Fills the holes inwards from their edges: pixels are visited in breadth-first order from
    /// the known ones, and each takes the mean of its already-known neighbours, so the fill
    /// continues the colours around the hole. Linear in the pixels. With nothing known (a hole
    /// covering everything) the image's mean colour fills it.
    static func filledFromSurroundings(_ raster: Raster, holes: [Bool]) -> Raster {
        let w = raster.width, h = raster.height
        var out = raster
        var known = holes.map { !$0 }
        guard known.contains(false) else { return out }
        guard known.contains(true) else { return Raster(width: w, height: h, fill: raster.meanColor) }
        var queued = known
        var queue: [Int] = []
        var head = 0
        func enqueueNeighbours(of i: Int) {
            let x = i % w, y = i / w
            for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, nx < w, ny >= 0, ny < h else { continue }
                let n = ny * w + nx
                if !queued[n] { queued[n] = true; queue.append(n) }
            }
        }
        for i in 0..<(w * h) where known[i] {
            // Only known pixels at a hole's edge seed the fill.
            let x = i % w, y = i / w
            if (x > 0 && !known[i - 1]) || (x < w - 1 && !known[i + 1]) || (y > 0 && !known[i - w]) || (y < h - 1 && !known[i + w]) {
                enqueueNeighbours(of: i)
            }
        }
        while head < queue.count {
            let i = queue[head]
            head += 1
            let x = i % w, y = i / w
            var sums = (0, 0, 0, 0), count = 0
            for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1)] {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, nx < w, ny >= 0, ny < h, known[ny * w + nx] else { continue }
                let n = (ny * w + nx) * 4
                sums.0 += Int(out.pixels[n]); sums.1 += Int(out.pixels[n + 1])
                sums.2 += Int(out.pixels[n + 2]); sums.3 += Int(out.pixels[n + 3])
                count += 1
            }
            if count > 0 {
                out.pixels[i * 4] = UInt8(sums.0 / count)
                out.pixels[i * 4 + 1] = UInt8(sums.1 / count)
                out.pixels[i * 4 + 2] = UInt8(sums.2 / count)
                out.pixels[i * 4 + 3] = UInt8(sums.3 / count)
            }
            known[i] = true
            enqueueNeighbours(of: i)
        }
        return out
    }
}

/// The sandbox's layerize-text answer: the text-erased base image, the original (both PNG)
/// and the text blocks it reports.
public struct TextLayering: Sendable {
    public var base: ByteBuffer
    public var original: ByteBuffer
    public var blocks: [SandboxTextBlock]
}

/// One text region the sandbox reports, in pixels of the input.
public struct SandboxTextBlock: Sendable, Equatable {
    public var text: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var fontSize: Int
    /// `#RRGGBB`.
    public var color: String
}
