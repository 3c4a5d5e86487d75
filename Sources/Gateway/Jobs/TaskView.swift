import Foundation
import IdeogramAPI
import NIOCore

/// The JSON a caller sees for a task, by polling or by webhook: its state and, once finished,
/// `result` — exactly the body the synchronous call would have returned — with `http_status`.
struct TaskView: Encodable {
    var taskID: String
    var status: String
    var operation: String
    var requestID: String
    var createdAt: Int64
    var updatedAt: Int64
    var httpStatus: Int?
    var result: JSONValue?
    var webhook: Webhook?

    struct Webhook: Encodable {
        var url: String
        var deliveries: [WebhookDelivery]
    }

    static func body(_ task: TaskRecord, deliveries: [WebhookDelivery]) -> ByteBuffer {
        let view = TaskView(
            taskID: task.id, status: task.status.rawValue, operation: task.operation, requestID: task.requestID,
            createdAt: task.createdAt, updatedAt: task.updatedAt, httpStatus: task.httpStatus,
            result: task.result.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) },
            webhook: task.webhookURL.map { Webhook(url: $0, deliveries: deliveries) })
        return ByteBuffer(bytes: (try? JSONEncoder.gateway.encode(view)) ?? Data("{}".utf8))
    }
}
