import ImageCodec

extension SandboxRenderer {
    /// The input scaled to fit the canvas (aspect kept) and centred; generated content in a
    /// palette taken from the input fills the rest. An input that already fits exactly at its
    /// own size is placed pixel for pixel.
    func reframed(_ job: RenderJob, width: Int, height: Int) -> Raster {
        let side = max(1, min(width, height))
        let source = image(job.source, fallbackWidth: side, fallbackHeight: side)
        let scale = min(Double(width) / Double(source.width), Double(height) / Double(source.height))
        let fitWidth = min(width, max(1, Int((Double(source.width) * scale).rounded())))
        let fitHeight = min(height, max(1, Int((Double(source.height) * scale).rounded())))
        let fitted = source.resized(width: fitWidth, height: fitHeight, filter: .bilinear)
        var canvas = generated(job, width: width, height: height, anchor: fitted.resized(width: 32, height: 32).meanColor)
        canvas.paste(fitted, x: (width - fitWidth) / 2, y: (height - fitHeight) / 2)
        return canvas
    }
}
