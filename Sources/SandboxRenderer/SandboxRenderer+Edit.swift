import ImageCodec

extension SandboxRenderer {
    /// Edit and inpaint: the source (resized to the output if needed) with only the mask's black
    /// pixels (luminance < 128, mask resized with nearest neighbour) replaced by generated content.
    /// Every other pixel is byte-identical to the resized source.
    ///
    /// A missing or undecodable mask (JPEG, WebP, garbage) makes the whole image editable: the
    /// sandbox cannot tell which part the caller meant, and regenerating everything is visibly
    /// "an edit" rather than a silent no-op.
    func edited(_ job: RenderJob, width: Int, height: Int) -> Raster {
        let source = image(job.source, fallbackWidth: width, fallbackHeight: height)
            .resized(width: width, height: height, filter: .bilinear)
        let editable: [Bool]
        if let maskBytes = job.mask, let mask = try? PNG.decode(maskBytes), mask.pixelCount > 0 {
            let sized = mask.resized(width: width, height: height, filter: .nearest)
            editable = sized.pixels.withUnsafeBufferPointer { p in
                (0..<(width * height)).map { i -> Bool in
                    let r = 299 * Int(p[i * 4]), g = 587 * Int(p[i * 4 + 1]), b = 114 * Int(p[i * 4 + 2])
                    return (r + g + b) / 1000 < 128
                }
            }
        } else {
            editable = [Bool](repeating: true, count: width * height)
        }
        let fill = generated(job, width: width, height: height, anchor: source.resized(width: 32, height: 32).meanColor)
        return source.replacing(where: editable, with: fill)
    }
}
