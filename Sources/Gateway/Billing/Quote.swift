import IdeogramAPI

/// What a request will cost, worked out before anything is held or run.
public struct Quote: Sendable, Equatable {
    public var operation: IdeogramAPI.Operation
    public var variant: String
    /// List price per image, before the tier multiplier.
    public var listUnitMicros: Int64
    /// Price per image this account pays (list × tier multiplier, rounded to the micro).
    public var unitMicros: Int64
    /// Images charged for: `num_images`, or 1 for describe.
    public var units: Int
    /// The full hold: every requested image at the account's price.
    public var totalMicros: Int64 { unitMicros * Int64(units) }

    /// The charge for `delivered` images; never more than the hold.
    public func charge(delivered: Int) -> Int64 { unitMicros * Int64(min(max(delivered, 0), units)) }
}

extension IdeogramRequest {
    /// The price-book variant: rendering speed for V3 (BALANCED priced as DEFAULT), the model
    /// for legacy endpoints, `*` for the flat-fee ones.
    public var priceVariant: String {
        switch self.operation {
        case .upscale, .describe, .v2Describe3, .v2Describe4, .v1Edit, .v1EditLite:
            return PriceList.anyVariant
        case .generate, .remix, .edit, .reframe:
            return (self.model ?? .V_2).rawValue
        case .v3Generate, .v3Remix, .v3Edit, .v3Inpaint, .v3Reframe, .v3ReplaceBackground, .v3GenerateTransparent:
            var speed = (self.renderingSpeed ?? .default)
            if speed == .balanced { speed = .default }
            let character = !self.characterReferenceImages.isEmpty && (self.operation == .v3Generate || self.operation == .v3Remix)
            return speed.rawValue + (character ? CharacterReference.suffix : "")
        // Ideogram 4 and 4.5: the speed (BALANCED as DEFAULT); 4.5 adds its 2K tier.
        case .v4Describe, .v4MagicPrompt:
            return PriceList.anyVariant
        case .v4Generate, .v4Remix, .v4ImageToImage, .v4GenerateTransparent:
            return (self.renderingSpeed ?? .default).tier.rawValue
        case .v45Generate:
            return (self.renderingSpeed ?? .default).tier.rawValue + (V45Tier.isTwoK(self) ? V45Tier.twoKSuffix : "")
        // /v2 block: 4.5 by quality and output tier, ideogram-4 and -3 by rendering speed.
        case .v2Generate45, .v2PreciseEdit45:
            return V45Price.variant(quality: self.quality ?? "medium", tier: self.billingTier ?? "2K")
        case .v2Generate4, .v2Generate3, .v2Remix3, .v2Inpaint3, .v2Reframe3:
            return (self.renderingSpeed ?? .default).tier.rawValue
        // ideogram-4 remix and the transparent generations: the speed (PriceList+V2Models.swift).
        case .v2Remix4, .v2GenerateTransparent4, .v2GenerateTransparent3:
            return (self.renderingSpeed ?? .default).tier.rawValue
        // Tools: a flat fee per request (PriceList+Tools.swift).
        case .removeBackground, .removeObject, .layerizeText:
            return PriceList.anyVariant
        }
    }
}
