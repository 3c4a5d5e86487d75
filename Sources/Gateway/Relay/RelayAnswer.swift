import Foundation
import IdeogramAPI
import NIOCore

/// A relayed answer as the customer gets it: Ideogram's JSON as it came, except that image links
/// are Ideogate's own (rehosted like every other image, so they outlive Ideogram's 24 hours), plus
/// what the relay needs from it: the generation id to record and the cost Ideogram reports.
struct RelayAnswer {
    var body: ByteBuffer
    var generationID: String?
    /// `usage_cost_usd_micros`, on usage-priced requests.
    var usageCostMicros: Int64?
    var isJSON: Bool
    /// Items under `data`, or 0: the usage log's "delivered".
    var items = 0
    /// The generation has finished (`status: completed`), so its answer will not change.
    var isCompleted: Bool

    /// The keys whose string values are links to generated files.
    static let linkKeys: Set<String> = ["url", "base_image_url"]

    static func read(_ body: ByteBuffer) -> (JSONValue?, RelayAnswer) {
        guard let value = try? JSONParser.parse(body), case .object(let object) = value else {
            return (nil, RelayAnswer(body: body, isJSON: false, isCompleted: false))
        }
        var answer = RelayAnswer(body: body, isJSON: true, isCompleted: false)
        if case .string(let id)? = object["generation_id"] { answer.generationID = id }
        switch object["usage_cost_usd_micros"] {
        case .int(let micros)?: answer.usageCostMicros = micros
        case .number(let micros)? where micros >= 0 && micros < 1e15: answer.usageCostMicros = Int64(micros.rounded(.up))
        default: break
        }
        if case .array(let data)? = object["data"] { answer.items = data.count }
        if case .string(let status)? = object["status"] { answer.isCompleted = status == "completed" }
        return (value, answer)
    }
}
