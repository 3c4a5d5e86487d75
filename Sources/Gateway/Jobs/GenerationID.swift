/// The one place where a task and Ideogram's `generation_id` meet. Ideogram's async routes
/// answer `{"generation_id": …}`; the gateway's id for the same thing is its task id, so the
/// two are the same string. Polling (`GET /v1/generations/{id}`) and webhooks look tasks up
/// through `taskID(of:)`, so a different mapping later changes only this type.
enum GenerationID {
    static func of(taskID: String) -> String { taskID }
    static func taskID(of generationID: String) -> String { generationID }
}
