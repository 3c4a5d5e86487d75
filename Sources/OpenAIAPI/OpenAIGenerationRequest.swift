import Foundation
import IdeogramAPI
import NIOCore

/// `POST /v1/images/generations`: OpenAI's JSON body, and the native generate call it maps to
/// (V3 generate for `ideogram-v3*`, generate-transparent for those with `background:
/// transparent`, legacy generate for `ideogram-v2*`).
public struct OpenAIGenerationRequest: Sendable {
    public let options: OpenAIImageOptions
    public let controls: OpenAIRenderControls
    public let operation: IdeogramAPI.Operation

    public init(json body: ByteBuffer) throws(OpenAIRequestError) {
        guard case .object(let object)? = try? JSONParser.parse(body) else {
            throw OpenAIRequestError(status: 400, code: "invalid_json", message: "The body must be a JSON object.", param: nil)
        }
        options = try OpenAIImageOptions(
            model: object["model"]?.stringValue, prompt: object["prompt"]?.stringValue,
            n: try Self.integer(object["n"], param: "n"),
            size: object["size"]?.stringValue, quality: object["quality"]?.stringValue, style: object["style"]?.stringValue,
            responseFormat: object["response_format"]?.stringValue)
        controls = try OpenAIRenderControls(
            seed: object["seed"], negativePrompt: object["negative_prompt"], magicPrompt: object["magic_prompt"],
            background: object["background"], outputFormat: object["output_format"])
        if let v4 = options.model.v4Operation {
            // Ideogram 4 has a transparent endpoint; 4.5 has none.
            operation = controls.background == .transparent && v4 == .v4Generate ? .v4GenerateTransparent : v4
        } else if options.model.renderingSpeed(quality: options.quality) != nil {
            operation = controls.background == .transparent ? .v3GenerateTransparent : .v3Generate
        } else {
            operation = .generate
        }
        try controls.check(for: operation, model: options.model)
        // `user` (an end-user id for OpenAI's abuse monitoring) and `moderation` are accepted and
        // ignored: neither changes the image.
    }

    /// Ideogram 4 / 4.5: `text_prompt`, the speed from `quality` (DEFAULT when absent), the
    /// nearest `ResolutionV4` to `size` (transparent: the nearest aspect ratio, at the 1K budget),
    /// and the seed. V4 has no style or negative prompt.
    private func v4Call() throws -> NativeCall {
        var fields: [String: Any] = ["text_prompt": options.prompt, "rendering_speed": (options.quality ?? .default).rawValue]
        if operation == .v4GenerateTransparent {
            if let size = options.size { fields["aspect_ratio"] = SizeVocabulary.nearestRatio(to: size).v3Name }
        } else {
            fields.merge(options.sizeFields()) { _, new in new }
        }
        for (name, value) in controls.nativeFields(for: operation) where name == "seed" { fields[name] = value.json }
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return NativeCall(operation: operation, body: ByteBuffer(bytes: data), contentType: "application/json")
    }

    /// Numbers as JSON numbers or numeric strings, as clients send both.
    public static func integer(_ value: JSONValue?, param: String) throws(OpenAIRequestError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .int(let number)?: if let exact = Int(exactly: number) { return exact }
        case .number(let number)?: if let exact = Int(exactly: number) { return exact }
        case .string(let text)?: if let exact = Int(text.trimmingCharacters(in: .whitespaces)) { return exact }
        default: break
        }
        throw OpenAIImageOptions.invalid(param, "invalid_\(param)", "\(param) must be an integer.")
    }

    public func nativeCall() throws -> NativeCall {
        if options.model.v4Operation != nil { return try v4Call() }
        var fields: [String: Any] = ["prompt": options.prompt, "num_images": options.n]
        // generate-transparent has no `resolution`, only `aspect_ratio`.
        fields.merge(options.sizeFields(exactResolution: operation != .v3GenerateTransparent)) { _, new in new }
        if let style = options.styleType { fields["style_type"] = style }
        for (name, value) in controls.nativeFields(for: operation) { fields[name] = value.json }
        let body: [String: Any]
        if let speed = options.model.renderingSpeed(quality: options.quality) {
            fields["rendering_speed"] = speed.rawValue
            body = fields
        } else {
            fields["model"] = options.model.legacyModel(quality: options.quality)?.rawValue
            body = ["image_request": fields]
        }
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return NativeCall(operation: operation, body: ByteBuffer(bytes: data), contentType: "application/json")
    }
}
