import IdeogramAPI
import NIOCore

/// `POST /v1/images/edits`: OpenAI's multipart form, and the native edit it maps to (V3 edit
/// for `ideogram-v3*`, legacy edit for `ideogram-v2*`). The mask changes convention on the way
/// (`OpenAIMask`); `size` is accepted and ignored, as Ideogram edits keep the input's size.
public struct OpenAIEditRequest: Sendable {
    public let options: OpenAIImageOptions
    public let controls: OpenAIRenderControls
    public let operation: IdeogramAPI.Operation
    public let image: MultipartParts.Part
    /// Already in Ideogram's convention: black is edited.
    public let mask: ByteBuffer

    /// `limits` bound the form (parts, headers) and the pixels a mask may declare before it is
    /// decoded, as on the native surface.
    public init(contentType: String?, body: ByteBuffer, limits: InputLimits = InputLimits()) throws {
        let parts = try MultipartParts.read(contentType: contentType, body: body, limits: limits)
        // The native form is written with a fixed boundary; a caller's bytes that contain it could
        // end a part early and smuggle fields into the native call.
        guard !MultipartBody.containsBoundary(body) else {
            throw OpenAIRequestError(
                status: 400, code: "invalid_multipart", message: "The form contains a byte sequence reserved by the gateway.", param: nil)
        }
        func text(_ name: String) -> String? { parts.first { $0.name == name && $0.filename == nil }?.text ?? parts.first { $0.name == name }?.text }
        func value(_ name: String) -> JSONValue? { text(name).map(JSONValue.string) }
        // gpt-image-1 takes several images as `image[]`; Ideogram edits one, the first.
        guard let image = parts.first(where: { ($0.name == "image" || $0.name == "image[]") && $0.body.readableBytes > 0 }) else {
            throw OpenAIImageOptions.invalid("image", "missing_image", "An image file is required.")
        }
        options = try OpenAIImageOptions(
            model: text("model"), prompt: text("prompt"), n: try OpenAIGenerationRequest.integer(value("n"), param: "n"),
            size: text("size"), quality: text("quality"), style: text("style"), responseFormat: text("response_format"))
        controls = try OpenAIRenderControls(
            seed: value("seed"), negativePrompt: value("negative_prompt"), magicPrompt: value("magic_prompt"),
            background: value("background"), outputFormat: value("output_format"))
        if options.model.v4Operation != nil {
            throw OpenAIImageOptions.invalid(
                "model", "unsupported_model", "The model '\(options.model.id)' has no masked edit; use ideogram-v3 for /v1/images/edits.")
        }
        operation = options.model.renderingSpeed(quality: options.quality) != nil ? .v3Edit : .edit
        try controls.check(for: operation, model: options.model)
        self.image = image
        if let mask = parts.first(where: { $0.name == "mask" && $0.body.readableBytes > 0 }) {
            self.mask = try OpenAIMask.ideogramMask(fromTransparencyOf: mask.body, param: "mask", maxPixels: limits.maxImagePixels)
        } else {
            // OpenAI's rule: without a mask, the image's own transparency says where to edit.
            self.mask = try OpenAIMask.ideogramMask(fromTransparencyOf: image.body, param: "image", maxPixels: limits.maxImagePixels)
        }
    }

    public func nativeCall() -> NativeCall {
        var form = MultipartBody()
        form.add("prompt", options.prompt)
        form.add("num_images", String(options.n))
        if let style = options.styleType { form.add("style_type", style) }
        for (name, value) in controls.nativeFields(for: operation) { form.add(name, value.formText) }
        let imageType = image.contentType ?? "image/png"
        if let speed = options.model.renderingSpeed(quality: options.quality) {
            form.add("rendering_speed", speed.rawValue)
            form.addFile("image", filename: image.filename ?? "image.png", contentType: imageType, bytes: image.body)
        } else {
            form.add("model", options.model.legacyModel(quality: options.quality)?.rawValue ?? LegacyModel.V_2.rawValue)
            form.addFile("image_file", filename: image.filename ?? "image.png", contentType: imageType, bytes: image.body)
        }
        form.addFile("mask", filename: "mask.png", contentType: "image/png", bytes: mask)
        return NativeCall(operation: operation, body: form.finished(), contentType: form.contentType)
    }
}
