import ImageCodec
import NIOCore

/// Turns uploaded file parts into `ImageInput`s, enforcing Ideogram's input rules: JPEG, PNG or
/// WebP only (decided by the bytes), at most 10 MB each and 10 MB per reference array, and the
/// gateway's pixel budget on the size each header declares.
///
/// A file part without a single byte is refused: it cannot be an image, and taking it for
/// "not sent" would let a broken upload pass as a request without its reference.
struct ImageValidator {
    let limits: InputLimits

    func image(_ part: FormPart) throws(IdeogramError) -> ImageInput {
        let size = part.body.readableBytes
        guard size > 0 else {
            throw .badRequest(IdeogramError.Code.emptyFile, "'\(part.name)' is an empty file.")
        }
        guard size <= limits.maxImageBytes else {
            throw .badRequest(
                IdeogramError.Code.imageTooLarge,
                "'\(part.name)' is \(size) bytes; the limit is \(limits.maxImageBytes) bytes per image."
            )
        }
        guard let header = ImageHeader.read(part.body) else {
            throw .badRequest(
                IdeogramError.Code.unsupportedImageType,
                "'\(part.name)' is not a JPEG, PNG or WebP image."
            )
        }
        // Before anything multiplies or allocates from the declared size.
        guard header.pixelCount <= limits.maxImagePixels else {
            throw .badRequest(
                IdeogramError.Code.imageTooManyPixels,
                "'\(part.name)' declares \(header.width)x\(header.height) pixels; the limit is \(limits.maxImagePixels) pixels per image."
            )
        }
        return ImageInput(field: part.name, filename: part.filename, bytes: part.body, header: header)
    }

    func references(_ parts: [FormPart], field: String) throws(IdeogramError) -> [ImageInput] {
        var images: [ImageInput] = []
        var total = 0
        for part in parts {
            let input = try image(part)
            images.append(input)
            total += input.bytes.readableBytes  // each at most maxImageBytes: no overflow
        }
        guard total <= limits.maxReferenceBytesTotal else {
            throw .badRequest(
                IdeogramError.Code.imageTooLarge,
                "'\(field)' total \(total) bytes; the limit is \(limits.maxReferenceBytesTotal) bytes across all of them."
            )
        }
        return images
    }

    /// All of a request's images together, each already within `maxImagePixels`.
    func checkTotalPixels(_ images: [ImageInput]) throws(IdeogramError) {
        var total = 0
        for image in images {
            total = SizeArithmetic.sum(total, image.header.pixelCount) ?? .max
        }
        guard total <= limits.maxRequestPixels else {
            throw .badRequest(
                IdeogramError.Code.imageTooManyPixels,
                "The request's images declare \(total) pixels together; the limit is \(limits.maxRequestPixels)."
            )
        }
    }
}
