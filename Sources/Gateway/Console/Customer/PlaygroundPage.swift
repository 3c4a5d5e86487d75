import Foundation

/// The playground (`playground.mustache`): the prices it shows beside each choice. The script
/// (`console.js`) sends the form to `/console/api/…`, shows a spinner and the elapsed time while
/// the gateway works, then the images or the description.
enum PlaygroundPage {
    struct View {
        struct Speed {
            var value: String
            var name: String
            var price: String
            var selected: Bool
        }
        var balance: String
        var upscalePrice: String
        var describePrice: String
        var speeds: [Speed]
        var ratios: [String]
    }

    static let speeds = ["TURBO", "DEFAULT", "QUALITY"]
    static let ratios = ["1x1", "16x9", "9x16", "4x3", "3x4", "3x2", "2x3", "2x1", "1x2"]

    static func render(_ v: ConsoleViewer, prices: [PriceEntry]) -> String {
        func price(_ op: String, _ variant: String) -> String {
            let entry = prices.first { $0.operation == op && $0.variant == variant } ?? prices.first { $0.operation == op && $0.variant == "*" }
            return entry.map { Money.format($0.micros) } ?? "—"
        }
        let view = View(
            balance: Money.format(v.account.balanceMicros), upscalePrice: price("legacy.upscale", "*"),
            describePrice: price("legacy.describe", "*"),
            speeds: speeds.map { .init(value: $0, name: $0.capitalized, price: price("v3.generate", $0), selected: $0 == "TURBO") },
            ratios: ratios)
        return ConsoleTemplates.render(.playground, view)
    }
}
