import ImageCodec

/// Checks remove-object's mask, whose convention is the opposite of the edit masks': "a binary
/// mask the same size as the image; white (>= 128) marks the region to remove". So the size must
/// match, and a mask without a single white pixel is refused: it asks for nothing to be removed
/// and would still be billed. (An all-white mask is allowed: it asks for everything.)
public enum RemovalMaskInspector {
    /// Luminance at or above this marks a pixel for removal (the spec's ">= 128").
    public static let threshold = 128

    public static func check(mask: ImageInput, image: ImageInput, limits: InputLimits) throws(IdeogramError) {
        // The size check and the bounded decode are the edit masks' (`MaskInspector`).
        guard let raster = try MaskInspector.pixels(of: mask, sizedAs: image, limits: limits) else { return }
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
