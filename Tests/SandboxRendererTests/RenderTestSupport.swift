import ImageCodec
import NIOCore
import SandboxRenderer

func decoded(_ png: ByteBuffer) throws -> Raster {
    try PNG.decode(png)
}

/// Mean absolute difference per channel (RGB and alpha), 0…255.
func meanDifference(_ a: Raster, _ b: Raster) -> Double {
    precondition(a.width == b.width && a.height == b.height)
    var total = 0
    for i in a.pixels.indices { total += abs(Int(a.pixels[i]) - Int(b.pixels[i])) }
    return Double(total) / Double(max(1, a.pixels.count))
}

/// A generated scene to use as an input image.
func sourceImage(width: Int, height: Int, seed: Int = 11) -> (png: ByteBuffer, raster: Raster) {
    let png = SandboxRenderer().render(RenderJob(prompt: "source picture", seed: seed, width: width, height: height))
    return (png, try! PNG.decode(png))
}

/// Minimal JPEG: SOI and a baseline SOF0 frame header, enough for header sniffing.
func jpegHeader(width: Int, height: Int, salt: UInt8 = 0) -> ByteBuffer {
    ByteBuffer(bytes: [
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08,
        UInt8(height >> 8), UInt8(height & 0xff), UInt8(width >> 8), UInt8(width & 0xff),
        0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xDA, salt, 0xFF, 0xD9,
    ])
}
