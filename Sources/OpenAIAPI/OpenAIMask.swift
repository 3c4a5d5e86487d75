import IdeogramAPI
import ImageCodec
import NIOCore

/// Converts OpenAI's mask convention into Ideogram's.
///
/// OpenAI: a PNG whose fully transparent pixels (alpha 0) mark where to edit; without a mask, the
/// image's own transparent pixels do. Ideogram: a black-and-white image where black is edited.
public enum OpenAIMask {
    /// Ideogram's mask from an OpenAI mask PNG (or from the image itself when no mask was sent).
    /// A PNG with no fully transparent pixel marks nothing to edit: a 400 `invalid_mask`.
    /// A PNG declaring more than `maxPixels` is refused from its header, before it is inflated.
    public static func ideogramMask(
        fromTransparencyOf bytes: ByteBuffer, param: String, maxPixels: Int = InputLimits().maxImagePixels
    ) throws(OpenAIRequestError) -> ByteBuffer {
        guard PNG.isPNG(bytes.readableBytesView) else {
            throw invalid(param, "The \(param) must be a PNG with transparent areas marking where to edit.")
        }
        if let declared = ImageHeader.read(bytes)?.pixelCount, declared > maxPixels {
            throw OpenAIImageOptions.invalid(
                param, IdeogramError.Code.imageTooManyPixels, "The \(param) declares \(declared) pixels; at most \(maxPixels) are accepted.")
        }
        let source: Raster
        do {
            source = try PNG.decode(bytes, maxPixels: maxPixels)
        } catch {
            throw invalid(param, "The \(param) PNG could not be decoded.")
        }
        var mask = Raster(width: source.width, height: source.height, fill: .white)
        var transparent = 0
        for y in 0..<source.height {
            for x in 0..<source.width where source.pixel(x: x, y: y).a == 0 {
                mask.setPixel(x: x, y: y, .black)
                transparent += 1
            }
        }
        guard transparent > 0 else {
            throw invalid(param, "The \(param) has no fully transparent pixels: OpenAI masks mark the area to edit with alpha 0.")
        }
        return PNG.encode(mask, opaque: true)
    }

    private static func invalid(_ param: String, _ message: String) -> OpenAIRequestError {
        OpenAIImageOptions.invalid(param, "invalid_mask", message)
    }
}
