import Foundation
import IdeogramAPI

/// What one relayed call costs the customer, decided before anything is held.
///
/// Two sources, in this order: the operator's price book (`relay:/path`, per call), else
/// Ideogram's own quote for exactly this request (`?dry_run=true`, a `PriceQuote`). Either is
/// multiplied by the customer's tier. An estimate holds its upper bound, so the settlement —
/// on the cost Ideogram reports, or the quote — can only ever return money, never ask for more.
struct RelayPrice: Sendable, Equatable {
    enum Source: String, Sendable {
        case priceBook = "price_book"
        case dryRun = "dry_run"
    }

    var source: Source
    /// Ideogram's `qualifier`: `exact`, or `estimate` (priced from the provider's cost afterwards).
    var qualifier: String
    var billingIdentifier: String
    var quantity: Int
    /// The account's multiplier, parts per million.
    var multiplierPPM: Int64
    /// List price (before the multiplier): the operator's, or Ideogram's `usd_micros`.
    var listMicros: Int64
    /// Ideogram's `upper_bound_usd_micros` on estimates.
    var listUpperBoundMicros: Int64?

    var isEstimate: Bool { qualifier == "estimate" }

    /// The customer's price for `list` micros of upstream cost, rounded half up like every quote.
    func customer(_ list: Int64) -> Int64? { PriceBook.unitPrice(list: list, multiplierPPM: multiplierPPM) }

    /// The hold: the upper bound of an estimate, else the price.
    var holdMicros: Int64? { customer(isEstimate ? max(listUpperBoundMicros ?? listMicros, listMicros) : listMicros) }

    /// The charge once the call succeeded: the reported cost when Ideogram reports one (never
    /// more than the hold), else the quoted price.
    func charge(reportedCost: Int64?) -> Int64 {
        let hold = holdMicros ?? 0
        guard source == .dryRun, let reportedCost, let reported = customer(reportedCost) else { return min(customer(listMicros) ?? 0, hold) }
        return min(reported, hold)
    }

    /// Ideogram's `PriceQuote`, at the customer's price: the answer to the customer's own dry run.
    /// Its `credit_millis` is at the operator's credits per dollar, as on every other quote.
    func priceQuote(creditsPerUSD: Int64) -> [String: JSONValue] {
        let usd = customer(listMicros) ?? 0
        var quote: [String: JSONValue] = [
            "object": .string("price_quote"), "billing_identifier": .string(billingIdentifier),
            "quantity": .int(Int64(quantity)), "usd_micros": .int(usd),
            "credit_millis": .int(PriceQuoteBody.creditMillis(usdMicros: usd, creditsPerUSD: creditsPerUSD)),
            "qualifier": .string(qualifier),
        ]
        if isEstimate { quote["upper_bound_usd_micros"] = .int(holdMicros ?? 0) }
        return quote
    }

    /// Reads Ideogram's `PriceQuote`; nil when the body is not one.
    static func fromQuote(_ body: Data, multiplierPPM: Int64) -> RelayPrice? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              object["object"] as? String == "price_quote",
              let usd = (object["usd_micros"] as? NSNumber)?.int64Value, usd >= 0
        else { return nil }
        let qualifier = object["qualifier"] as? String == "estimate" ? "estimate" : "exact"
        let upper = (object["upper_bound_usd_micros"] as? NSNumber)?.int64Value
        return RelayPrice(
            source: .dryRun, qualifier: qualifier, billingIdentifier: object["billing_identifier"] as? String ?? "",
            quantity: (object["quantity"] as? NSNumber)?.intValue ?? 1, multiplierPPM: multiplierPPM, listMicros: usd,
            listUpperBoundMicros: upper.map { max($0, 0) })
    }

    static let unpriced = GatewayError(
        .forbidden, "unpriced_path",
        "This path is relayed to Ideogram, but it has no price: the operator has set none and Ideogram offers no dry-run quote for it. Nothing was charged.")

    static let outOfRange = GatewayError(
        .badGateway, "price_out_of_range", "The price for this path is out of range. Nothing was charged; the operator has been told.")
}
