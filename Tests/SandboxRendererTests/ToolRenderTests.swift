import ImageCodec
import NIOCore
import SandboxRenderer
import Testing

@Suite("Sandbox tools: remove-background, remove-object, layerize-text")
struct ToolRenderTests {
    let renderer = SandboxRenderer()

    /// A backdrop colour around a subject that contains the backdrop's colour in its middle.
    static func ring() -> ByteBuffer {
        let grey = RGBA(r: 120, g: 120, b: 120), red = RGBA(r: 240, g: 10, b: 10)
        var raster = Raster(width: 40, height: 40, fill: grey)
        for y in 10..<30 { for x in 10..<30 where !(16..<24).contains(x) || !(16..<24).contains(y) { raster[x, y] = red } }
        return PNG.encode(raster)
    }

    @Test func removeBackgroundClearsOnlyTheBackdropConnectedToTheBorder() throws {
        let out = try decoded(renderer.removeBackground(Self.ring(), width: 40, height: 40))
        #expect(out[0, 0].a == 0 && out[5, 20].a == 0)
        #expect(out[12, 12] == RGBA(r: 240, g: 10, b: 10))
        // Grey inside the subject is enclosed by it: not background.
        #expect(out[20, 20] == RGBA(r: 120, g: 120, b: 120))
        #expect(renderer.removeBackground(Self.ring(), width: 40, height: 40) == renderer.removeBackground(Self.ring(), width: 40, height: 40))
    }

    @Test func removeObjectKeepsEveryUnmaskedPixelAndFillsTheRest() throws {
        let source = sourceImage(width: 48, height: 32)
        var mask = Raster(width: 48, height: 32, fill: .black)
        for y in 8..<20 { for x in 10..<30 { mask[x, y] = .white } }
        let out = try decoded(renderer.removeObject(source.png, mask: PNG.encode(mask), width: 48, height: 32))
        var changed = 0
        for y in 0..<32 {
            for x in 0..<48 {
                let inside = (8..<20).contains(y) && (10..<30).contains(x)
                if !inside { #expect(out[x, y] == source.raster[x, y]) } else if out[x, y] != source.raster[x, y] { changed += 1 }
            }
        }
        #expect(changed > 0)
    }

    @Test func layerizeTextReportsOnlyQuotedTextAndErasesItsBox() throws {
        let source = sourceImage(width: 120, height: 80)
        let none = renderer.layerizeText(source.png, prompt: "a landscape", width: 120, height: 80)
        #expect(none.blocks.isEmpty)
        #expect(try decoded(none.base) == source.raster)
        let one = renderer.layerizeText(source.png, prompt: #"a sign reading "OPEN" on a door"#, width: 120, height: 80)
        let block = try #require(one.blocks.first)
        #expect(one.blocks.count == 1 && block.text == "OPEN")
        #expect(block.x >= 0 && block.y >= 0 && block.x + block.width <= 120 && block.y + block.height <= 80)
        #expect(block.color.count == 7 && block.color.hasPrefix("#"))
        #expect(try decoded(one.original) == source.raster)
        let base = try decoded(one.base)
        #expect(base[0, 79] == source.raster[0, 79], "outside the box nothing changes")
    }
}
