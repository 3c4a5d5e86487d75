import IdeogramAPI
import SandboxRenderer

extension SandboxUpstream {
    /// The most pixels the sandbox renders for one image: the 4K budget (4096², also the
    /// per-image input limit). Ideogram 4 transparent's 8K tier (8192² = 67 Mpx, 268 MB as
    /// RGBA) would take the CPU pool and that much memory per image on a small host; the
    /// sandbox renders it at the same shape within this budget and reports the size it made.
    static let maxRenderPixels = 16_777_216

    static func renderedSize(_ size: Resolution) -> Resolution {
        guard size.pixelCount > maxRenderPixels else { return size }
        let scale = (Double(maxRenderPixels) / Double(size.pixelCount)).squareRoot()
        return Resolution(width: max(16, Int(Double(size.width) * scale) / 16 * 16), height: max(16, Int(Double(size.height) * scale) / 16 * 16))
    }

    /// The prompt an image reports. Legacy upscale takes an optional prompt, and Ideogram
    /// returns a generated one when none was sent; the sandbox captions the input instead.
    func captionIfMissing(_ request: IdeogramRequest) async -> String {
        if let prompt = request.prompt, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return prompt }
        guard request.operation == .upscale, let image = request.image else { return request.prompt ?? "" }
        let bytes = image.bytes, renderer = self.renderer
        return (try? await cpu.run { renderer.describe(bytes) }) ?? "An upscaled image."
    }
}

/// The sandbox's answers for Ideogram 4 describe and magic prompt: a plausible `V4JsonPrompt`
/// derived deterministically from the input, so clients can exercise the full round trip
/// (describe → edit the JSON → generate with `json_prompt`) offline.
struct SandboxDocuments {
    let renderer: SandboxRenderer

    func answer(_ request: IdeogramRequest) -> JSONValue {
        switch request.operation {
        case .v4Describe, .v2Describe4:
            return .object(["json_prompt": describe(request)])
        default:
            let ratio = request.fields["aspect_ratio"]?.stringValue ?? "AUTO"
            // AUTO lets the model pick; the sandbox's pick is the square bucket.
            return .object([
                "aspect_ratio": .string(ratio == "AUTO" ? "1x1" : ratio),
                "json_prompt": expand(request.prompt ?? ""),
            ])
        }
    }

    private func describe(_ request: IdeogramRequest) -> JSONValue {
        guard let image = request.image else { return expand("") }
        let caption = renderer.describe(image.bytes)
        let colors = renderer.palette(of: image.bytes).map { JSONValue.string($0.uppercased()) }
        let flag = { (name: String, fallback: Bool) -> Bool in
            if case .bool(let value)? = request.fields[name] { return value }
            return fallback
        }
        var element: [String: JSONValue] = ["type": .string("obj"), "desc": .string(caption)]
        if flag("include_bbox", true) { element["bbox"] = .array(([0, 0, 1000, 1000] as [Int64]).map { JSONValue.int($0) }) }
        if !colors.isEmpty { element["color_palette"] = .array(colors) }
        var prompt: [String: JSONValue] = [
            "high_level_description": .string(caption),
            "compositional_deconstruction": .object([
                "background": .string(colors.isEmpty ? "a plain background" : "a backdrop in \(colors[0].stringValue ?? "")"),
                "elements": .array([.object(element)]),
            ]),
        ]
        if flag("include_style_descriptions", false) {
            prompt["style_description"] = .object([
                "medium": .string("digital image"), "art_style": .string("abstract composition"),
                "lighting": .string("even"), "aesthetics": .string("clean"), "color_palette": .array(colors),
            ])
        }
        if flag("include_tags", false) {
            prompt["tags"] = .array(["sandbox", image.resolution.width >= image.resolution.height ? "landscape" : "portrait"].map { .string($0) })
        }
        return .object(prompt)
    }

    /// A text prompt spread into the V4 structure; quoted words become a text element, as
    /// Ideogram's own magic prompt does for lettering.
    private func expand(_ text: String) -> JSONValue {
        var elements: [JSONValue] = [.object([
            "type": .string("obj"), "desc": .string(text.isEmpty ? "a subject" : text),
            "bbox": .array(([150, 150, 850, 850] as [Int64]).map { JSONValue.int($0) }),
        ])]
        let quoted = text.split(separator: "\"", omittingEmptySubsequences: false)
        if quoted.count >= 3, !quoted[1].isEmpty {
            elements.append(.object([
                "type": .string("text"), "text": .string(String(quoted[1])), "desc": .string("headline lettering"),
                "bbox": .array(([60, 100, 200, 900] as [Int64]).map { JSONValue.int($0) }),
            ]))
        }
        return .object([
            "high_level_description": .string(text.isEmpty ? "An image." : text),
            "compositional_deconstruction": .object([
                "background": .string("a simple backdrop that suits the subject"),
                "elements": .array(elements),
            ]),
        ])
    }
}
