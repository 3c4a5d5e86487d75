import ImageCodec
import NIOCore

/// Turns uploaded file parts into `ImageInput`s, enforcing Ideogram's input rules: JPEG, PNG or
/// WebP only (decided by the bytes), at most 10 MB each and 10 MB per reference array.
///
/// An empty file part counts as "not sent" (HTML forms and some clients send one for an empty
/// file input), so a required image sent empty is reported as a missing field.
struct ImageValidator {
    let limits: InputLimits

    /// nil for an empty part.
    func image(_ part: FormPart) throws(IdeogramError) -> ImageInput? {
        let size = part.body.readableBytes
        guard size > 0 else { return nil }
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
        return ImageInput(field: part.name, filename: part.filename, bytes: part.body, header: header)
    }

    func references(_ parts: [FormPart], field: String) throws(IdeogramError) -> [ImageInput] {
        var images: [ImageInput] = []
        for part in parts {
            if let input = try image(part) { images.append(input) }
        }
        let total = images.reduce(0) { $0 + $1.bytes.readableBytes }
        guard total <= limits.maxReferenceBytesTotal else {
            throw .badRequest(
                IdeogramError.Code.imageTooLarge,
                "'\(field)' total \(total) bytes; the limit is \(limits.maxReferenceBytesTotal) bytes across all of them."
            )
        }
        return images
    }
}
