import AsyncHTTPClient
import Foundation
import IdeogramAPI
import NIOCore
import NIOHTTP1
import NIOPosix

/// A channel of kind `ideogram`: sends the validated request to `{base_url}{operation.path}` with
/// the channel's own `Api-Key`, and reads Ideogram's answer back into typed results or failures.
/// The base URL may point at Ideogram itself or at any Ideogram-compatible relay.
struct IdeogramUpstream: Upstream {
    let name: String
    let baseURL: String
    /// Decrypted only in memory; never part of a description, a mirror or an error message.
    let apiKey: String
    let client: HTTPClient
    let totalTimeout: Duration
    /// Ideogram answers with a small JSON document; anything far larger is not an answer.
    static let maxResponseBytes = 4 * 1024 * 1024

    func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        try await perform(request, timeout: totalTimeout)
    }

    /// `timeout` is the whole call: connect, send, wait and read, bounded by what is left of the
    /// customer request's own deadline.
    func perform(_ request: IdeogramRequest, timeout: Duration) async throws(UpstreamFailure) -> UpstreamResult {
        let encoded = IdeogramRequestEncoder().encode(request)
        var http = HTTPClientRequest(url: Self.join(baseURL, request.operation.path))
        http.method = .POST
        http.headers.add(name: "Api-Key", value: apiKey)
        http.headers.add(name: "Content-Type", value: encoded.contentType)
        http.headers.add(name: "Accept", value: "application/json")
        http.body = .bytes(encoded.body)
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await client.execute(http, timeout: TimeAmount(timeout))
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            throw Self.failure(for: error)
        }
        guard status == 200 else { throw IdeogramFailure.map(status: status, body: body) }
        return try Self.result(of: request, body: body)
    }

    static func result(of request: IdeogramRequest, body: ByteBuffer) throws(UpstreamFailure) -> UpstreamResult {
        do {
            if request.operation.answersWithDocument {
                // Ideogram 4 describe and magic prompt: relayed as they are, once known to be JSON objects.
                let document = try IdeogramJSON.decode(JSONValue.self, from: body)
                guard case .object = document else { throw UpstreamFailure.uncertain("unreadable upstream response") }
                return .document(document)
            }
            if request.operation.isTool { return try IdeogramToolAnswer.result(of: request, body: body) }
            if !request.operation.producesImages {  // describe, legacy or /v2: `descriptions[{text}]` both
                let described = try IdeogramJSON.decode(DescribeResponse.self, from: body)
                return .descriptions(described.descriptions.map(\.text))
            }
            // /v2 answers `{generation_id, seed, data}` without `created`.
            let images: [GeneratedImage]
            if request.operation.isV2 {
                images = try IdeogramJSON.decode(V2Images.self, from: body).data ?? []
            } else {
                images = try IdeogramJSON.decode(ImageGenerationResponse.self, from: body).data
            }
            return .images(images.map { image in
                UpstreamImage(
                    // Withheld by the safety check: no link, whatever the upstream put there.
                    payload: image.isImageSafe ? image.url.flatMap { $0.isEmpty ? nil : .url($0) } : nil,
                    prompt: image.prompt, resolution: image.resolution, isImageSafe: image.isImageSafe,
                    seed: image.seed, styleType: image.styleType, upscaledResolution: image.upscaledResolution)
            })
        } catch {
            // A 200 we cannot read (a truncated or foreign body) is the channel's fault — and the
            // work behind it may well have been billed.
            throw .uncertain("unreadable upstream response")
        }
    }

    /// Transport errors, sorted by what they say about the operator's bill: failing to connect
    /// means nothing was sent (retry elsewhere is free); anything after that — a read timeout, a
    /// reset, a body cut short — means Ideogram may have done the work and billed it.
    static func failure(for error: any Error) -> UpstreamFailure {
        if let failure = error as? UpstreamFailure { return failure }
        if error is CancellationError { return .uncertain("cancelled") }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                return .unavailable("upstream connection failed (\(http.shortDescription))")
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                return .timeout
            case .cancelled:
                return .uncertain("cancelled")
            default:
                return .uncertain("upstream connection failed (\(http.shortDescription))")
            }
        }
        if error is NIOConnectionError { return .unavailable("upstream connection refused") }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return .unavailable("upstream connect timeout") }
        if let io = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(io.errnoCode) {
            return .unavailable("upstream connection refused")
        }
        if error is NIOTooManyBytesError { return .uncertain("upstream response too large") }
        return .uncertain("upstream connection failed (\(String(describing: type(of: error))))")
    }

    static func join(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? String(base.dropLast()) + path : base + path
    }
}

/// The images of a /v2 answer; the gateway names its own generation and seed.
private struct V2Images: Decodable {
    var data: [GeneratedImage]?
}

extension HTTPClientError {
    /// The error's name without any URL or header that could carry a secret.
    var shortDescription: String {
        String(describing: self).prefix(80).description
    }
}

/// String interpolation and `dump` must never print the key: both show the channel name only.
extension IdeogramUpstream: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    var description: String { "IdeogramUpstream(\(name))" }
    var debugDescription: String { description }
    var customMirror: Mirror { Mirror(self, children: ["name": name, "baseURL": baseURL]) }
}
