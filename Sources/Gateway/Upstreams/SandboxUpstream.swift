import Foundation
import IdeogramAPI
import NIOCore
import SandboxRenderer

/// The offline upstream: renders real PNGs locally, never touches the network.
/// A fresh install serves from it until the operator adds a real channel.
public struct SandboxUpstream: Upstream {
    public let name = "sandbox"
    let renderer = SandboxRenderer()
    /// Added before answering, to model Ideogram's 5–30 s in tests and benchmarks.
    let delay: Duration

    public init(delay: Duration = .zero) { self.delay = delay }

    public func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        if delay > .zero {
            do { try await Task.sleep(for: delay) } catch { throw .timeout }
        }
        if request.operation == .describe {
            guard let image = request.image else { throw .invalid("describe needs image_file") }
            return .descriptions([renderer.describe(image.bytes)])
        }
        let size = request.upscaledResolution ?? request.outputResolution
        let renderer = self.renderer
        let jobs = seeds.map { seed in Self.job(for: request, seed: seed, width: size.width, height: size.height) }
        // Rendering is CPU work: run the images side by side, off the caller's task.
        let pngs = await withTaskGroup(of: (Int, ByteBuffer).self) { group in
            for (i, job) in jobs.enumerated() {
                group.addTask { (i, renderer.render(job)) }
            }
            var out = [ByteBuffer?](repeating: nil, count: jobs.count)
            for await (i, png) in group { out[i] = png }
            return out.compactMap { $0 }
        }
        return .images(zip(pngs, seeds).map { png, seed in
            UpstreamImage(
                payload: .bytes(png, contentType: "image/png"),
                prompt: request.prompt ?? "",
                resolution: request.outputResolution.description,
                isImageSafe: true,
                seed: seed,
                styleType: request.styleType,
                upscaledResolution: request.upscaledResolution?.description)
        })
    }

    static func job(for request: IdeogramRequest, seed: Int, width: Int, height: Int) -> RenderJob {
        let kind: RenderJob.Kind = switch request.operation {
        case .v3Generate, .generate: .generate
        case .v3Remix, .remix: .remix
        case .v3Edit, .edit: .edit
        case .v3Inpaint: .inpaint
        case .v3Reframe, .reframe: .reframe
        case .upscale: .upscale
        case .v3ReplaceBackground: .replaceBackground
        case .v3GenerateTransparent: .transparent
        case .describe: .generate
        }
        return RenderJob(
            kind: kind, prompt: request.prompt ?? "", seed: seed, width: width, height: height,
            source: request.image?.bytes, mask: request.mask?.bytes,
            styleReferences: request.styleReferenceImages.map(\.bytes),
            imageWeight: request.imageWeight ?? 50, style: request.styleType)
    }
}
