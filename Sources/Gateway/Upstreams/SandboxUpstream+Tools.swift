import Foundation
import IdeogramAPI
import NIOCore
import SandboxRenderer

extension SandboxUpstream {
    /// The tools in the sandbox, each at the input's own size (`SandboxRenderer+Tools`):
    /// remove-background cuts the subject out onto transparency, remove-object fills the masked
    /// region from its surroundings, layerize-text erases and reports the text the prompt quotes.
    func performTool(_ request: IdeogramRequest, seed: Int?) async throws(UpstreamFailure) -> UpstreamResult {
        guard let image = request.image else { throw .invalid("'image' is required") }
        let size = Self.renderedSize(request.outputResolution)
        let renderer = self.renderer, source = image.bytes, mask = request.mask?.bytes
        // The pipeline's seed (the caller's, or one it drew); layerize-text reports it.
        let seed = seed ?? request.seed ?? 0
        switch request.operation {
        case .removeBackground:
            let png = try await runOnCPU { renderer.removeBackground(source, width: size.width, height: size.height) }
            return .images([.tool(.bytes(png, contentType: "image/png"), resolution: size, seed: seed)])
        case .removeObject:
            let png = try await runOnCPU { renderer.removeObject(source, mask: mask, width: size.width, height: size.height) }
            return .images([.tool(.bytes(png, contentType: "image/png"), resolution: size, seed: seed)])
        default:
            let prompt = request.prompt ?? ""
            let layering = try await runOnCPU { renderer.layerizeText(source, prompt: prompt, width: size.width, height: size.height) }
            let fonts = request.fontFiles.compactMap { Self.fontName($0.filename) }
            return .textLayers(TextLayers(
                base: .tool(.bytes(layering.base, contentType: "image/png"), resolution: size, seed: seed),
                original: .tool(.bytes(layering.original, contentType: "image/png"), resolution: size, seed: seed),
                textBlocks: layering.blocks.map { Self.detected($0, fonts: fonts).jsonValue },
                seed: seed))
        }
    }

    private func runOnCPU<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws(UpstreamFailure) -> T {
        do {
            return try await cpu.run(work)
        } catch {
            throw .unavailable("the sandbox renderer is busy")
        }
    }

    /// A block as Ideogram reports one. The sandbox matches no fonts: with candidates sent, it
    /// names the first as the match and the rest as alternatives; without, it names none.
    static func detected(_ block: SandboxTextBlock, fonts: [String]) -> DetectedTextBlock {
        DetectedTextBlock(
            text: block.text, x: block.x, y: block.y, width: block.width, height: block.height, alignment: "center",
            formatting: [], angle: 0, color: block.color, fontName: fonts.first,
            fontAlternatives: fonts.isEmpty ? nil : Array(fonts.dropFirst()), fontSize: block.fontSize, lineHeight: 1.2, role: "heading")
    }

    /// `Inter-Bold.ttf` → `Inter-Bold`.
    static func fontName(_ filename: String?) -> String? {
        guard let filename, !filename.isEmpty else { return nil }
        let stem = (filename as NSString).deletingPathExtension
        return stem.isEmpty ? filename : stem
    }
}
