import Foundation
import IdeogramAPI

/// The operator's edits to the price list and the tiers. Each takes effect on the next quote,
/// because `quote` reads the store every time.
extension PriceBook {
    /// Variants a price may be set for: legacy models, V3 speeds (with or without character
    /// references), and `*` for any. `BALANCED` is not among them: it is priced as `DEFAULT`.
    static var knownVariants: Set<String> {
        let speeds = RenderingSpeed.allCases.filter { $0 != .balanced }.map(\.rawValue)
        return Set(LegacyModel.allCases.map(\.rawValue))
            .union(speeds)
            .union(speeds.map { $0 + CharacterReference.suffix })
            .union(speeds.map { $0 + V45Tier.twoKSuffix })  // Ideogram 4.5's 2K tier
            .union([PriceList.anyVariant])
            .union(V45Price.variants)  // /v2 Ideogram 4.5
    }

    public func setPrice(operation: String, variant: String, micros: Int64, now: Date = Date()) async throws -> PriceEntry {
        // A relayed path (`relay:/v2/…`) is priced per call: the relay does not read its body.
        let relayed = RelaySpec.isOperationName(operation)
        if relayed, variant != PriceList.anyVariant {
            throw GatewayError(.badRequest, "unknown_variant", "A relayed path is priced per call, with variant \"*\".")
        }
        guard relayed || IdeogramAPI.Operation(rawValue: operation) != nil else {
            throw GatewayError(
                .badRequest, "unknown_operation",
                "Unknown operation \"\(operation)\". Known: \(IdeogramAPI.Operation.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard Self.knownVariants.contains(variant) else {
            let hint = variant == RenderingSpeed.balanced.rawValue ? " BALANCED is priced as DEFAULT." : ""
            throw GatewayError(
                .badRequest, "unknown_variant",
                "Unknown variant \"\(variant)\".\(hint) Known: \(Self.knownVariants.sorted().joined(separator: ", ")).")
        }
        guard (0...Self.maxPriceMicros).contains(micros) else {
            throw GatewayError(
                .badRequest, "invalid_amount", "A price must be between 0 and \(Self.maxPriceMicros) micros (\(Money.format(Self.maxPriceMicros))).")
        }
        let entry = PriceEntry(operation: operation, variant: variant, micros: micros, updatedAt: now.millis)
        try await store.setPrice(entry)
        return entry
    }

    /// Largest price per image accepted: $1,000. With the largest multiplier and 8 images the
    /// hold stays far inside Int64, so no quote can overflow.
    public static let maxPriceMicros: Int64 = 1_000_000_000

    /// Largest multiplier accepted: 100× list price; anything above is a typo.
    public static let maxMultiplierPPM: Int64 = 100_000_000

    public func setTier(name: String, multiplierPPM: Int64) async throws -> Tier {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw GatewayError(.badRequest, "invalid_tier_name", "A tier name is 1 to 64 letters, digits, '-' or '_'.")
        }
        guard (1...Self.maxMultiplierPPM).contains(multiplierPPM) else {
            throw GatewayError(
                .badRequest, "invalid_multiplier",
                "multiplier_ppm must be between 1 and \(Self.maxMultiplierPPM) (1000000 is list price).")
        }
        let tier = Tier(name: name, multiplierPPM: multiplierPPM)
        try await store.upsertTier(tier)
        return tier
    }
}
