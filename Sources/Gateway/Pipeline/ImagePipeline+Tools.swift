import Foundation
import IdeogramAPI
import Logging

/// The answers of the tools (DESIGN.md §13): remove-background and remove-object answer
/// `{created, data:[{url, is_image_safe}]}`; layerize-text answers its delivered base image,
/// the original, the text blocks and the seed, charged once when the base image is delivered.
extension ImagePipeline {
    /// `RemoveBackgroundResponse` / `RemoveObjectResponse` from the delivered items.
    static func toolImageAnswer(_ items: [GeneratedImage], created: Date) -> PipelineResponse {
        let data = items.map { ToolImage(url: $0.url, isImageSafe: $0.isImageSafe) }
        return PipelineResponse(status: .ok, body: IdeogramJSON.encode(ToolImageResponse(created: created, data: data)))
    }

    struct DeliveredLayers {
        var response: PipelineResponse
        var images: [DeliveredImage]
        /// 1 when the base image was delivered; the request's one billable unit.
        var delivered: Int
        var losses: [OperatorLoss]
    }

    /// Stores the base image and the original (both rehosted, both our signed links) and writes
    /// `LayerizeTextResponse`. `base_image_url` is required, so a base image that could not be
    /// stored fails the request — its hold is released, and a billing channel's work is recorded
    /// as the operator's loss — rather than answer without one.
    func deliverTextLayers(
        _ layers: TextLayers, requestID: String, caller: Caller, origin: RequestOrigin, routed: RoutedResult, needs: DeliveryNeeds, now: Date
    ) async throws -> DeliveredLayers {
        let upstream = [layers.base] + (layers.original.map { [$0] } ?? [])
        let stored = await delivery.deliver(
            upstream, requestID: requestID, accountID: caller.account.id, baseURL: origin.baseURL, now: now,
            policy: routed.delivery, channel: routed.channel, needs: needs)
        guard let base = stored.first, let baseURL = base.item.url else {
            // Ideogram billed the operator for work nobody pays for: recorded, never silent.
            if routed.billsOperator {
                let loss = OperatorLoss(
                    requestID: requestID, accountID: caller.account.id, channel: routed.channel, images: 1, reason: .notDelivered,
                    createdAt: now.millis)
                do { try await ledger.store.recordLosses([loss]) } catch {
                    ledger.logger.error("operator loss not recorded", metadata: ["request_id": "\(requestID)"])
                }
            }
            throw UpstreamFailure.uncertain("the base image could not be delivered").gatewayError
        }
        let original = stored.count > 1 ? stored[1].item.url : nil
        let answer = LayerizeTextResponse(baseImageURL: baseURL, originalImageURL: original, textBlocks: layers.textBlocks, seed: layers.seed)
        let images = [DeliveredImage(
            url: baseURL, storedID: base.storedID, prompt: nil, seed: layers.seed, resolution: base.item.resolution, isImageSafe: true)]
        let losses = routed.billsOperator
            ? LossAccounting.losses([base.item], billable: 1, requestID: requestID, accountID: caller.account.id, channel: routed.channel, at: now.millis)
            : []
        return DeliveredLayers(response: PipelineResponse(status: .ok, body: IdeogramJSON.encode(answer)), images: images, delivered: 1, losses: losses)
    }
}
