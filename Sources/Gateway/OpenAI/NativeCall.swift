import IdeogramAPI
import NIOCore

/// A native Ideogram request built from an OpenAI-shaped one: the endpoint and the exact body a
/// customer could have sent there. Running it through the same pipeline is what makes the OpenAI
/// surface bill, hold, admit and log exactly like the native call.
struct NativeCall: Sendable {
    let operation: IdeogramAPI.Operation
    let body: ByteBuffer
    let contentType: String
}
