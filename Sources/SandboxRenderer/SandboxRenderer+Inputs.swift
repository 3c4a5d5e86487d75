import ImageCodec
import NIOCore

extension SandboxRenderer {
    /// The input as pixels: decoded when it is a PNG, otherwise a pattern seeded from its bytes
    /// at `fallbackWidth`×`fallbackHeight` (JPEG and WebP cannot be decoded offline).
    func image(_ bytes: ByteBuffer?, fallbackWidth: Int, fallbackHeight: Int) -> Raster {
        if let bytes, let raster = try? PNG.decode(bytes), raster.pixelCount > 0 {
            return raster
        }
        return standIn(for: bytes, width: fallbackWidth, height: fallbackHeight)
    }

    /// A scene seeded only by the input's bytes: same bytes, same stand-in.
    func standIn(for bytes: ByteBuffer?, width: Int, height: Int) -> Raster {
        var hash = StableHash()
        hash.combine("input")
        hash.combine(bytes)
        var rng = SeededGenerator(seed: hash.value)
        let palette = Palette(prompt: "", style: nil, anchor: nil, rng: &rng)
        return Scene(palette: palette, rng: &rng).render(width: width, height: height)
    }

    func meanColor(of bytes: ByteBuffer) -> RGBA {
        image(bytes, fallbackWidth: 16, fallbackHeight: 16).resized(width: 32, height: 32).meanColor
    }
}
