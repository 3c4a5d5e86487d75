import ImageCodec
import NIOCore

/// The offline upstream: answers every Ideogram operation with a deterministic PNG.
///
/// It imports nothing but pixel code, so it cannot reach the network by construction. Output
/// is a pure function of the job: the same job gives byte-identical PNGs, which lets tests
/// compare images and lets demos show the same picture for the same seed.
///
/// Operations derive from their inputs the way the real ones do (an upscale is the input
/// enlarged, an edit keeps the unmasked pixels), so clients can be tested for handling the
/// result correctly. Inputs that are not PNG (JPEG, WebP) cannot be decoded here; they are
/// stood in for by a pattern seeded from their bytes, so different inputs still give
/// different outputs.
public struct SandboxRenderer: Sendable {
    /// Largest side rendered; larger requests are clamped (Ideogram's own outputs are far smaller).
    public static let maxSide = 8192

    public init() {}

    /// One PNG of exactly `job.width`×`job.height` (each clamped to 1…``maxSide``).
    public func render(_ job: RenderJob) -> ByteBuffer {
        PNG.encode(raster(for: job))
    }

    /// The image as pixels, before encoding.
    public func raster(for job: RenderJob) -> Raster {
        let width = min(max(job.width, 1), Self.maxSide)
        let height = min(max(job.height, 1), Self.maxSide)
        switch job.kind {
        case .generate:
            return generated(job, width: width, height: height, anchor: styleAnchor(job.styleReferences))
        case .transparent:
            var rng = generator(for: job)
            let palette = Palette(prompt: job.prompt, style: job.style, anchor: styleAnchor(job.styleReferences), rng: &rng)
            return Subject(palette: palette, rng: &rng).render(width: width, height: height)
        case .upscale:
            return upscaled(job, width: width, height: height)
        case .reframe:
            return reframed(job, width: width, height: height)
        case .remix:
            return remixed(job, width: width, height: height)
        case .edit, .inpaint:
            return edited(job, width: width, height: height)
        case .replaceBackground:
            return backgroundReplaced(job, width: width, height: height)
        }
    }

    /// A fresh seeded scene for the job; `anchor` pulls its palette towards an input's colour.
    func generated(_ job: RenderJob, width: Int, height: Int, anchor: RGBA?) -> Raster {
        var rng = generator(for: job)
        let palette = Palette(prompt: job.prompt, style: job.style, anchor: anchor, rng: &rng)
        return Scene(palette: palette, rng: &rng).render(width: width, height: height)
    }

    /// Seeds from everything that defines the job except the output size, so one job keeps
    /// its composition across sizes.
    func generator(for job: RenderJob) -> SeededGenerator {
        var hash = StableHash()
        hash.combine(job.kind.rawValue)
        hash.combine(job.prompt)
        hash.combine(job.seed)
        hash.combine(job.style ?? "")
        hash.combine(job.source)
        hash.combine(job.mask)
        for reference in job.styleReferences { hash.combine(reference) }
        hash.combine(job.imageWeight)
        return SeededGenerator(seed: hash.value)
    }

    /// Mean colour of the style references, or nil when there are none.
    func styleAnchor(_ references: [ByteBuffer]) -> RGBA? {
        guard !references.isEmpty else { return nil }
        let colors = references.map { meanColor(of: $0) }
        let n = colors.count
        return RGBA(
            r: UInt8(colors.reduce(0) { $0 + Int($1.r) } / n),
            g: UInt8(colors.reduce(0) { $0 + Int($1.g) } / n),
            b: UInt8(colors.reduce(0) { $0 + Int($1.b) } / n))
    }
}
