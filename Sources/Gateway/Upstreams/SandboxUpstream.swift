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
    /// Rendering megapixel PNGs is CPU work: it runs off the cooperative pool, bounded.
    let cpu: CPUWork

    public init(delay: Duration = .zero, cpu: CPUWork = CPUWork()) {
        self.delay = delay
        self.cpu = cpu
    }

    public func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        if delay > .zero {
            do { try await Task.sleep(for: delay) } catch { throw .uncertain("cancelled") }
        }
        if request.operation.isTool { return try await performTool(request, seed: seeds.first) }
        if request.operation.answersWithDocument {
            let renderer = self.renderer
            return .document(try await render { SandboxDocuments(renderer: renderer).answer(request) })
        }
        if !request.operation.producesImages {
            guard let image = request.image else { throw .invalid("describe needs image_file") }
            let bytes = image.bytes, describer = self.renderer
            return .descriptions([try await render { describer.describe(bytes) }])
        }
        let size = Self.renderedSize(request.upscaledResolution ?? request.outputResolution)
        let renderer = self.renderer
        // Legacy upscale without a prompt: Ideogram answers with a generated caption, never "".
        let prompt = await captionIfMissing(request)
        let jobs = seeds.map { seed in Self.job(for: request, seed: seed, width: size.width, height: size.height) }
        // Rendering is CPU work: run the images side by side, on the CPU pool.
        let cpu = self.cpu
        let pngs: [ByteBuffer]
        do {
            pngs = try await withThrowingTaskGroup(of: (Int, ByteBuffer).self) { group in
                for (i, job) in jobs.enumerated() {
                    group.addTask { (i, try await Self.render(cpu) { renderer.render(job) }) }
                }
                var out = [ByteBuffer?](repeating: nil, count: jobs.count)
                while let (i, png) = try await group.next() { out[i] = png }
                return out.compactMap { $0 }
            }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch {
            throw .unavailable("the sandbox renderer is busy")
        }
        return .images(zip(pngs, seeds).map { png, seed in
            UpstreamImage(
                payload: .bytes(png, contentType: "image/png"),
                prompt: prompt,
                resolution: (request.upscaledResolution == nil ? size : request.outputResolution).description,
                isImageSafe: true,
                seed: seed,
                styleType: request.styleType,
                upscaledResolution: request.upscaledResolution?.description)
        })
    }

    private func render<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws(UpstreamFailure) -> T {
        try await Self.render(cpu, work)
    }

    private static func render<T: Sendable>(_ cpu: CPUWork, _ work: @escaping @Sendable () -> T) async throws(UpstreamFailure) -> T {
        do {
            return try await cpu.run(work)
        } catch {
            throw .unavailable("the sandbox renderer is busy")
        }
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
        case .v4Generate, .v45Generate, .v4Describe, .v4MagicPrompt: .generate
        case .v4Remix, .v4ImageToImage: .remix
        case .v4GenerateTransparent: .transparent
        // /v2 block: a 4.5 request with sources edits the first (masked) or remixes it.
        case .v2Generate4, .v2Generate3: .generate
        case .v2Remix3: .remix
        case .v2Inpaint3: .inpaint
        case .v2Describe3: .generate
        case .v2Generate45: request.image == nil ? .generate : request.mask == nil ? .remix : .edit
        case .v2PreciseEdit45: request.mask == nil ? .edit : .inpaint
        // Tools are rendered by `performTool` (SandboxUpstream+Tools.swift), never as a job.
        case .removeBackground, .removeObject, .layerizeText: .edit
        case .v1Edit, .v1EditLite, .v2Reframe3: editKind(request.operation)  // SandboxUpstream+Edit.swift
        case .v2Remix4: .remix
        case .v2GenerateTransparent4, .v2GenerateTransparent3: .transparent
        case .v2Describe4: .generate  // answered as a document (SandboxDocuments), never rendered
        }
        return RenderJob(
            kind: kind, prompt: request.prompt ?? "", seed: seed, width: width, height: height,
            source: request.image?.bytes, mask: request.mask?.bytes,
            // Image-to-image's additional images steer the palette like style references.
            styleReferences: (request.styleReferenceImages + request.additionalImages + request.referenceImages).map(\.bytes),
            imageWeight: request.imageWeight ?? (request.operation.isPromptEdit ? promptEditWeight : 50), style: request.styleType)
    }
}
