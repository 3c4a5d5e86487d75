import ImageCodec

/// Checks remove-object's mask, whose convention is the opposite of the edit masks': "a binary
/// mask the same size as the image; white (>= 128) marks the region to remove". So the size must
/// match, and a mask without a single white pixel is refused: it asks for nothing to be removed
/// and would still be billed. (An all-white mask is allowed: it asks for everything.)
public enum RemovalMaskInspector {
    /// Luminance at or above this marks a pixel for removal (the spec's ">= 128").
    public static let threshold = 128

    public static func check(mask: ImageInput, image: ImageInput, limits: InputLimits) throws(IdeogramError) {
        guard mask.header.width == image.header.width, mask.header.height == image.header.height else {
            throw .badRequest(
                IdeogramError.Code.maskSizeMismatch,
                "The mask is \(mask.resolution) but the image is \(image.resolution); they must be the same size."
            )
        }
        // Only PNG masks are decoded; JPEG/WebP masks get the size check alone, as edit masks do.
        guard mask.header.format == .png else { return }
        let raster: Raster
        do {
            raster = try PNG.decode(mask.bytes, maxPixels: limits.maxImagePixels)
        } catch .tooLarge(let width, let height) {
            throw .badRequest(
                IdeogramError.Code.imageTooManyPixels,
                "The mask is \(width)x\(height) pixels; the limit is \(limits.maxImagePixels) pixels per image."
            )
        } catch {
            throw .badRequest(IdeogramError.Code.unsupportedImageType, "The mask PNG could not be decoded.")
        }
        if !marksAnything(raster) {
            throw .badRequest(IdeogramError.Code.maskEmpty, "The mask has no white pixel; paint the object to remove in white.")
        }
    }

    /// Whether any pixel's luminance (ITU-R BT.601 weights) reaches the threshold.
    public static func marksAnything(_ raster: Raster) -> Bool {
        raster.pixels.withUnsafeBufferPointer { p in
            var i = 0
            while i + 2 < p.count {
                if isRemoved(r: p[i], g: p[i + 1], b: p[i + 2]) { return true }
                i += 4
            }
            return false
        }
    }

    public static func isRemoved(r: UInt8, g: UInt8, b: UInt8) -> Bool {
        (299 * Int(r) + 587 * Int(g) + 114 * Int(b)) / 1000 >= threshold
    }
}
