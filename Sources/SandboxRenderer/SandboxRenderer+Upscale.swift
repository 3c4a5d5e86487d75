import ImageCodec

extension SandboxRenderer {
    /// The input enlarged to the output size, smoothly, so scaling it back down gives the input.
    func upscaled(_ job: RenderJob, width: Int, height: Int) -> Raster {
        image(job.source, fallbackWidth: max(1, width / 2), fallbackHeight: max(1, height / 2))
            .resized(width: width, height: height, filter: .bilinear)
    }
}
