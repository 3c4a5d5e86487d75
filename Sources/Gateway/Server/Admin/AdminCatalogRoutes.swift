import Foundation
import Hummingbird

/// The price list and the tiers. A change applies to the next quote; requests already holding
/// money settle at the price they were quoted.
struct AdminCatalogRoutes {
    let store: any CatalogStore

    func register(on group: RouterGroup<GatewayContext>) {
        let store = self.store
        let book = PriceBook(store: store)

        group.get("prices") { _, _ -> Response in
            try Response.json(ListPage(data: try await store.prices().map(PriceView.init)))
        }

        group.put("prices/:operation/:variant") { request, context -> Response in
            let body = try await JSONBody.decode(PriceBody.self, from: request, fields: ["micros"])
            let entry = try await book.setPrice(
                operation: try context.pathParameter("operation"), variant: try context.pathParameter("variant"), micros: body.micros)
            return try Response.json(PriceView(entry))
        }

        group.get("tiers") { _, _ -> Response in
            try Response.json(ListPage(data: try await store.tiers().map(TierView.init)))
        }

        group.put("tiers/:name") { request, context -> Response in
            let body = try await JSONBody.decode(TierBody.self, from: request, fields: ["multiplier_ppm"])
            let tier = try await book.setTier(name: try context.pathParameter("name"), multiplierPPM: body.multiplierPPM)
            return try Response.json(TierView(tier))
        }
    }

    struct PriceBody: Decodable {
        var micros: Int64
    }

    struct TierBody: Decodable {
        var multiplierPPM: Int64
        enum CodingKeys: String, CodingKey { case multiplierPPM = "multiplier_ppm" }
    }
}
