import Foundation
import IdeogramAPI
import NIOCore

/// The body of a webhook, in Ideogram's shape: the synchronous answer (`created`, `data`) plus
/// `generation_id` (the task id, which `GET /v1/generations/{id}` also takes). A task that did not
/// succeed sends `status: "failed"` (or `"cancelled"`) with `failure_reason`, the error's code,
/// and `error`, its message, so a receiver never has to poll to learn that nothing is coming.
enum WebhookPayload {
    static func body(_ task: TaskRecord) -> ByteBuffer {
        var object: [String: JSONValue] = [:]
        let result = task.result.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) }
        if task.status == .succeeded, case .object(let answer)? = result {
            object = answer
        } else {
            object["status"] = .string(task.status == .cancelled ? "cancelled" : "failed")
            object["created"] = .string(RFC3339.format(Date(timeIntervalSince1970: Double(task.createdAt) / 1000)))
            if case .object(let error)? = result {
                if let code = error["code"] { object["failure_reason"] = code }
                if let message = error["error"] { object["error"] = message }
            }
        }
        object["generation_id"] = .string(task.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: (try? encoder.encode(JSONValue.object(object))) ?? Data("{}".utf8))
    }
}
