import ImageCodec

/// Checks a mask against its image. Ideogram: "A black and white image of the same size as the
/// image being edited"; the seed adds that it must not be pure white (white means "keep", so an
/// all-white mask asks for no edit at all and would still be billed).
public enum MaskInspector {
    /// Channels at or above this count as white: JPEG-ish noise and antialiasing leave near-white.
    public static let whiteThreshold: UInt8 = 250

    /// `check(mask:image:limits:)` with the default limits.
    public static func check(mask: ImageInput, image: ImageInput) throws(IdeogramError) {
        try check(mask: mask, image: image, limits: InputLimits())
    }

    /// The mask is decoded within `limits.maxImagePixels`, so its header alone decides whether
    /// the decoder may allocate at all.
    public static func check(mask: ImageInput, image: ImageInput, limits: InputLimits) throws(IdeogramError) {
        guard let raster = try pixels(of: mask, sizedAs: image, limits: limits) else { return }
        if isAllWhite(raster) {
            throw .badRequest(
                IdeogramError.Code.maskAllWhite,
                "The mask is entirely white; paint the regions to edit in black."
            )
        }
    }

    /// What every mask check starts with: the mask must be the image's size, and a PNG mask is
    /// decoded within `limits.maxImagePixels` (its header alone decides whether the decoder may
    /// allocate at all). Nil for a JPEG or WebP mask, which gets the size check alone.
    static func pixels(of mask: ImageInput, sizedAs image: ImageInput, limits: InputLimits) throws(IdeogramError) -> Raster? {
        guard mask.header.width == image.header.width, mask.header.height == image.header.height else {
            throw .badRequest(
                IdeogramError.Code.maskSizeMismatch,
                "The mask is \(mask.resolution) but the image is \(image.resolution); they must be the same size."
            )
        }
        guard mask.header.format == .png else { return nil }
        do {
            return try PNG.decode(mask.bytes, maxPixels: limits.maxImagePixels)
        } catch .tooLarge(let width, let height) {
            throw .badRequest(
                IdeogramError.Code.imageTooManyPixels,
                "The mask is \(width)x\(height) pixels; the limit is \(limits.maxImagePixels) pixels per image."
            )
        } catch {
            throw .badRequest(IdeogramError.Code.unsupportedImageType, "The mask PNG could not be decoded.")
        }
    }

    public static func isAllWhite(_ raster: Raster) -> Bool {
        let pixels = raster.pixels
        var index = 0
        while index + 2 < pixels.count {
            if pixels[index] < whiteThreshold || pixels[index + 1] < whiteThreshold || pixels[index + 2] < whiteThreshold {
                return false
            }
            index += 4
        }
        return true
    }
}
