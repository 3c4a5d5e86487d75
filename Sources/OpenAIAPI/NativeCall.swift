import IdeogramAPI
import NIOCore

/// A native Ideogram request built from an OpenAI-shaped one: the endpoint and the exact body a
/// customer could have sent there. Running it through the same pipeline is what makes the OpenAI
/// surface bill, hold, admit and log exactly like the native call.
public struct NativeCall: Sendable {
    public let operation: IdeogramAPI.Operation
    public let body: ByteBuffer
    public let contentType: String

    public init(operation: IdeogramAPI.Operation, body: ByteBuffer, contentType: String) {
        self.operation = operation
        self.body = body
        self.contentType = contentType
    }
}
