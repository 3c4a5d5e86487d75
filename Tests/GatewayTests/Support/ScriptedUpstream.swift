import Gateway
import IdeogramAPI
import ImageCodec
import NIOCore

/// An upstream whose outcome each test decides: how many images come back withheld by the safety
/// check, or whether the call fails. It returns small real PNGs, so delivery runs for real.
struct ScriptedUpstream: Upstream {
    enum Outcome: Sendable {
        case deliver(unsafe: Int)
        case fail(UpstreamFailure)
    }

    let name = "scripted"
    let decide: @Sendable (IdeogramRequest) -> Outcome
    static let png = PNG.encode(Raster(width: 4, height: 4, fill: RGBA(r: 9, g: 99, b: 199)))

    init(_ decide: @escaping @Sendable (IdeogramRequest) -> Outcome) { self.decide = decide }

    func perform(_ request: IdeogramRequest, seeds: [Int]) async throws(UpstreamFailure) -> UpstreamResult {
        await Task.yield()
        switch decide(request) {
        case .fail(let failure):
            throw failure
        case .deliver(let unsafe):
            return .images(seeds.enumerated().map { i, seed in
                let withheld = i < unsafe
                return UpstreamImage(
                    payload: withheld ? nil : .bytes(Self.png, contentType: "image/png"),
                    prompt: request.prompt ?? "", resolution: request.outputResolution.description,
                    isImageSafe: !withheld, seed: seed, styleType: request.styleType, upscaledResolution: nil)
            })
        }
    }
}
