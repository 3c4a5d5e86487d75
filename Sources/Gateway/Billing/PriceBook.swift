import Foundation
import IdeogramAPI

/// Prices a request from the store's current price list and the account's tier.
///
/// It reads the store on every quote, so an operator's change (from the admin API or from the
/// CLI in another process) applies to the very next request without a restart.
public struct PriceBook: Sendable {
    let store: any CatalogStore

    public init(store: any CatalogStore) { self.store = store }

    public func seedDefaults(now: Date = Date()) async throws {
        try await store.seedPrices(try await carriedRelayPrices(now: now))
        try await store.seedPrices(PriceList.defaults.map {
            PriceEntry(operation: $0.operation.rawValue, variant: $0.variant, micros: $0.micros, updatedAt: now.millis)
        } + PriceList.relayDefaults.map {
            PriceEntry(operation: RelaySpec.operationPrefix + $0.path, variant: PriceList.anyVariant, micros: $0.micros, updatedAt: now.millis)
        })
        if try await store.tier(named: "default") == nil {
            try await store.upsertTier(Tier(name: "default", multiplierPPM: 1_000_000))
        }
    }

    /// A path the operator priced while it was relayed (`relay:/v1/remove-background`) keeps the
    /// operator's price when a release makes it first-class, instead of falling back to the
    /// list price: seeded once, before the defaults, for an operation that has no price yet.
    /// Only operations with one result per call qualify (`answersOncePerCall`), where a per-call
    /// price means the same thing; an operation priced per image or per speed starts from the list.
    func carriedRelayPrices(now: Date) async throws -> [PriceEntry] {
        let prices = try await store.prices()
        return IdeogramAPI.Operation.allCases.filter(\.answersOncePerCall).compactMap { operation in
            guard !prices.contains(where: { $0.operation == operation.rawValue }),
                  let relayed = prices.first(where: {
                      $0.operation == RelaySpec.operationPrefix + operation.path && $0.variant == PriceList.anyVariant
                  })
            else { return nil }
            return PriceEntry(operation: operation.rawValue, variant: PriceList.anyVariant, micros: relayed.micros, updatedAt: now.millis)
        }
    }

    public func quote(_ request: IdeogramRequest, tier: String) async throws -> Quote {
        let variant = request.priceVariant
        let op = request.operation.rawValue
        let prices = try await store.prices()
        let entry = prices.first { $0.operation == op && $0.variant == variant }
            ?? prices.first { $0.operation == op && $0.variant == PriceList.anyVariant }
        guard let entry else {
            throw GatewayError(.badRequest, "not_priced", "The operator has not set a price for \(op) (\(variant)), so it cannot be sold.")
        }
        let multiplier = try await store.tier(named: tier)?.multiplierPPM ?? 1_000_000
        let units = request.operation.producesImages ? request.numImages : 1
        // Round half up to the micro, once per image, so the hold and every charge agree exactly.
        // Checked: a price or multiplier written to the database by hand must not trap.
        guard let unit = Self.unitPrice(list: entry.micros, multiplierPPM: multiplier),
              Int64(units).multipliedReportingOverflow(by: unit).overflow == false
        else {
            throw GatewayError(
                .internalServerError, "price_out_of_range",
                "The price configured for \(op) (\(variant)) is out of range. Nothing was charged; the operator has been told.")
        }
        return Quote(operation: request.operation, variant: variant, listUnitMicros: entry.micros, unitMicros: unit, units: units)
    }

    /// List price × multiplier (in parts per million), rounded half up; nil when out of range.
    static func unitPrice(list: Int64, multiplierPPM: Int64) -> Int64? {
        guard list >= 0, multiplierPPM >= 0 else { return nil }
        let (product, overflow) = list.multipliedReportingOverflow(by: multiplierPPM)
        guard !overflow, product <= Int64.max - 500_000 else { return nil }
        return (product + 500_000) / 1_000_000
    }
}
