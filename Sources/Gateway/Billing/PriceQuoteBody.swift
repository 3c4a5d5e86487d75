import IdeogramAPI

/// The answer to `dry_run`: Ideogram's `PriceQuote` at this operator's prices and the caller's
/// tier, holding nothing. Clients tell it from a result by `object == "price_quote"`.
///
/// - `usd_micros` is what the request would hold: every requested image at the account's price
///   (list × tier multiplier), 0 for a test key, which is never charged.
/// - `credit_millis` is the same amount in thousandths of a credit, at the operator's credits
///   per US dollar (`GatewayConfig.creditsPerUSD`, default 1: an Ideogate credit is a dollar of
///   prepaid balance), rounded half up.
/// - `qualifier` is always `exact`: Ideogate prices from its price book before the request runs,
///   so the quote is the charge (fewer images delivered only lowers it); there is never an
///   `upper_bound_usd_micros`.
///
/// The fields Ideogate's dry run answered before it spoke Ideogram's shape (`total_micros`,
/// `unit_price_micros`, `balance_micros`, …) follow, unchanged: `PriceQuote` allows more
/// properties, and existing clients read them.
struct PriceQuoteBody: Encodable {
    static let defaultCreditsPerUSD: Int64 = 1

    var object = "price_quote"
    var billingIdentifier: String
    var quantity: Int
    var usdMicros: Int64
    var creditMillis: Int64
    var qualifier = "exact"
    var upperBoundUsdMicros: Int64?

    // Ideogate's own fields.
    var dryRun = true
    var operation: String
    var variant: String
    var numImages: Int
    var unitPriceMicros: Int64
    var totalMicros: Int64
    var unitPrice: String
    var total: String
    var balanceMicros: Int64
    var testKey: Bool

    init(_ q: Quote, balance: Int64, test: Bool, creditsPerUSD: Int64) {
        billingIdentifier = BillingIdentifier.of(q.operation)
        quantity = q.units
        operation = q.operation.rawValue
        variant = q.variant
        numImages = q.units
        unitPriceMicros = test ? 0 : q.unitMicros
        totalMicros = test ? 0 : q.totalMicros
        usdMicros = totalMicros
        creditMillis = Self.creditMillis(usdMicros: totalMicros, creditsPerUSD: creditsPerUSD)
        unitPrice = Money.format(unitPriceMicros)
        total = Money.format(totalMicros)
        balanceMicros = balance
        testKey = test
    }

    /// micros × credits/USD ÷ 1000, rounded half up; saturating rather than trapping (a quote is
    /// at most 8 × $1,000 × 100, so only an absurd credit rate could reach the limit).
    static func creditMillis(usdMicros: Int64, creditsPerUSD: Int64) -> Int64 {
        let (product, overflow) = usdMicros.multipliedReportingOverflow(by: max(0, creditsPerUSD))
        guard !overflow, product <= Int64.max - 500 else { return Int64.max / 1000 }
        return (product + 500) / 1000
    }
}

/// The catalogue product a request bills, as `PriceQuote.billing_identifier` names it
/// (Ideogram's own example: `ideogram_v3_generation`; its usage example for 4.0:
/// `ideogram_v4_generation`). Operations without an entry get one derived from their name.
enum BillingIdentifier {
    static func of(_ operation: IdeogramAPI.Operation) -> String {
        known[operation] ?? "ideogram_" + operation.rawValue.map { $0 == "." || $0 == "-" ? "_" : String($0) }.joined()
    }

    private static let known: [IdeogramAPI.Operation: String] = [
        .v3Generate: "ideogram_v3_generation",
        .v3Remix: "ideogram_v3_remix",
        .v3Edit: "ideogram_v3_edit",
        .v3Inpaint: "ideogram_v3_edit",
        .v3Reframe: "ideogram_v3_reframe",
        .v3ReplaceBackground: "ideogram_v3_replace_background",
        .v3GenerateTransparent: "ideogram_v3_transparent_generation",
        .generate: "ideogram_legacy_generation",
        .remix: "ideogram_legacy_remix",
        .edit: "ideogram_legacy_edit",
        .upscale: "ideogram_upscale",
        .describe: "ideogram_describe",
        .reframe: "ideogram_legacy_reframe",
        // /v2 block
        .v2Generate45: "ideogram_v4_5_generation",
        .v2PreciseEdit45: "ideogram_v4_5_precise_edit",
        .v2Generate4: "ideogram_v4_generation",
        .v2Generate3: "ideogram_v3_generation",
        .v2Remix3: "ideogram_v3_remix",
        .v2Inpaint3: "ideogram_v3_edit",
        .v2Describe3: "ideogram_describe",
        // Tools
        .removeBackground: "ideogram_remove_background",
        .removeObject: "ideogram_remove_object",
        .layerizeText: "ideogram_layerize_text",
        .v1Edit: "ideogram_v3_edit",
        .v1EditLite: "ideogram_edit_lite",
        .v2Reframe3: "ideogram_v3_reframe",
        // More /v2 model routes
        .v2Remix4: "ideogram_v4_remix",
        .v2Describe4: "ideogram_describe",
        .v2GenerateTransparent4: "ideogram_v4_transparent_generation",
        .v2GenerateTransparent3: "ideogram_v3_transparent_generation",
    ]
}
