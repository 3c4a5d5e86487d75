import Foundation
import IdeogramAPI
import NIOCore

/// A task as Ideogram's `GenerationResponse` (`x-drop-nulls`): `pending` and `failed` carry only
/// `generation_id`, `status` and `created` (plus `failure_reason` once failed); `completed` adds
/// `response_type: "url"` and `data`, the image items of the synchronous answer, links rehosted.
struct GenerationView: Encodable {
    var generationID: String
    var status: String
    var created: String
    var responseType: String?
    var data: [JSONValue]?
    var failureReason: String?

    init(_ task: TaskRecord) {
        generationID = task.id
        created = RFC3339.format(Date(millis: task.createdAt))
        switch task.status {
        case .queued, .running:
            status = "pending"
        case .succeeded:
            status = "completed"
            responseType = "url"
            data = Self.items(of: Self.result(task))
        case .failed, .cancelled:
            status = "failed"
            failureReason = Self.reason(task)
        }
    }

    static func body(_ task: TaskRecord) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONEncoder.gateway.encode(GenerationView(task))) ?? Data("{}".utf8))
    }

    private static func result(_ task: TaskRecord) -> [String: JSONValue] {
        guard let bytes = task.result, case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        else { return [:] }
        return object
    }

    /// The synchronous answer's images (`data`, in every image answer /v1, legacy and /v2 alike);
    /// a describe task's texts as `{text}` items, an Ideogram 4 describe's as one `{json_prompt}`.
    private static func items(of result: [String: JSONValue]) -> [JSONValue] {
        if case .array(let images)? = result["data"] { return images }
        // Layerize-text: one `LayerizedImageObject` (its base image is `url` too).
        if case .array(let blocks)? = result["text_blocks"] {
            let base = result["base_image_url"] ?? .null
            return [.object([
                "object_type": .string("layerized_image"), "base_image_url": base, "url": base, "text_blocks": .array(blocks),
                "seed": result["seed"] ?? .int(0), "is_image_safe": .bool(true), "resolution": result["resolution"] ?? .string(""),
            ])]
        }
        if case .array(let texts)? = result["descriptions"] { return texts }
        // An Ideogram 4 describe (/v1 or /v2): its `V4JsonPrompt`, the way a describe's texts are.
        if let prompt = result["json_prompt"] { return [.object(["json_prompt": prompt])] }
        return []
    }

    /// The gateway's error code, in Ideogram's word where it has one
    /// (`content_policy_violation` for a refused prompt or image).
    private static func reason(_ task: TaskRecord) -> String {
        if task.status == .cancelled { return GatewayError.taskCancelled.code }
        guard case .string(let code)? = result(task)["code"] else { return "generation_failed" }
        return code == "safety_check_failed" ? "content_policy_violation" : code
    }
}
