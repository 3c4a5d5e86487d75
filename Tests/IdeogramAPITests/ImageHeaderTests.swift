import ImageCodec
import NIOCore
import Testing

@Suite("ImageHeader sniffing")
struct ImageHeaderTests {
    @Test func readsPNGSizeFromIHDR() {
        #expect(ImageHeader.read(Fixtures.png(37, 11)) == ImageHeader(format: .png, width: 37, height: 11))
    }

    @Test func readsBaselineAndProgressiveJPEG() {
        #expect(ImageHeader.read(Fixtures.jpeg(1312, 736)) == ImageHeader(format: .jpeg, width: 1312, height: 736))
        #expect(ImageHeader.read(Fixtures.jpeg(640, 480, progressive: true)) == ImageHeader(format: .jpeg, width: 640, height: 480))
    }

    @Test func skipsFillBytesBeforeJPEGMarkers() {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20]
        bytes += Array(repeating: 0, count: 10)
        #expect(ImageHeader.read(ByteBuffer(bytes: bytes)) == ImageHeader(format: .jpeg, width: 32, height: 16))
    }

    @Test func readsAllThreeWebPFlavours() {
        #expect(ImageHeader.read(Fixtures.webpVP8(1024, 768)) == ImageHeader(format: .webp, width: 1024, height: 768))
        #expect(ImageHeader.read(Fixtures.webpVP8L(300, 200)) == ImageHeader(format: .webp, width: 300, height: 200))
        #expect(ImageHeader.read(Fixtures.webpVP8X(4000, 3000)) == ImageHeader(format: .webp, width: 4000, height: 3000))
    }

    @Test func rejectsOtherFormatsAndTruncatedHeaders() {
        #expect(ImageHeader.read(Fixtures.gif) == nil)
        #expect(ImageHeader.read(ByteBuffer()) == nil)
        #expect(ImageHeader.read(ByteBuffer(string: "hello, not an image")) == nil)
        for image in [Fixtures.png(8, 8), Fixtures.jpeg(8, 8), Fixtures.webpVP8(8, 8), Fixtures.webpVP8L(8, 8), Fixtures.webpVP8X(8, 8)] {
            let cut = image.getSlice(at: image.readerIndex, length: 20)!
            #expect(ImageHeader.read(cut) == nil)
        }
    }

    @Test func jpegWithScanBeforeFrameIsRejected() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9]
        #expect(ImageHeader.read(ByteBuffer(bytes: bytes)) == nil)
    }

    @Test func ignoresTheReaderIndexPrefix() {
        var buffer = ByteBuffer(string: "junk")
        var png = Fixtures.png(5, 6)
        buffer.writeBuffer(&png)
        buffer.moveReaderIndex(forwardBy: 4)
        #expect(ImageHeader.read(buffer)?.width == 5)
    }

    @Test func mimeTypes() {
        #expect(ImageFormat.png.mimeType == "image/png")
        #expect(ImageFormat.jpeg.mimeType == "image/jpeg")
        #expect(ImageFormat.webp.mimeType == "image/webp")
    }
}
