import ImageCodec

extension SandboxRenderer {
    /// The input, centre-cropped to the output aspect and resized, mixed with generated content:
    /// `out = (w·source + (100 − w)·generated) / 100` for image weight `w` in 1…100.
    func remixed(_ job: RenderJob, width: Int, height: Int) -> Raster {
        let source = image(job.source, fallbackWidth: width, fallbackHeight: height)
            .centerCropped(aspectWidth: width, aspectHeight: height)
            .resized(width: width, height: height, filter: .bilinear)
        let generated = generated(job, width: width, height: height, anchor: source.resized(width: 32, height: 32).meanColor)
        let weight = min(max(job.imageWeight, 1), 100)
        return source.blended(with: generated, weight: weight)
    }
}
