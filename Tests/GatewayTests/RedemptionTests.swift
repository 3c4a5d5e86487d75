import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Redemption codes pay out once, to the account that redeems them, through the account API.
@Suite struct RedemptionTests {
    @Test func aCodeRedeemedTwentyTimesAtOnceCreditsOnce() async throws {
        let t = try await TestGateway.make(credit: 1_000_000)
        let batch = try await RedemptionCodes(store: t.gateway.store).createBatch(count: 1, amountMicros: 2_500_000, memo: "promo")
        let code = try #require(batch.codes.first)
        let statuses = StatusList()
        try await t.test { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    // Some callers type it in lower case without dashes: the same code.
                    let typed = i.isMultiple(of: 2) ? code : code.lowercased().replacingOccurrences(of: "-", with: "")
                    group.addTask {
                        let r = try await client.customer(.post, "/account/v1/redeem", key: t.key, json: #"{"code":"\#(typed)"}"#)
                        await statuses.add(r.status, r.errorCode)
                    }
                }
                try await group.waitForAll()
            }
        }
        let all = await statuses.all
        #expect(all.filter { $0.0 == .ok }.count == 1)
        #expect(all.filter { $0.0 == .conflict && $0.1 == "code_already_redeemed" }.count == 19)
        #expect(try await t.balance() == 3_500_000)
        let entries = try await t.gateway.store.ledgerEntries(accountID: t.accountID, limit: 100, offset: 0)
        let redemptions = entries.filter { $0.kind == .redemption }
        #expect(redemptions.count == 1)
        #expect(redemptions.first?.amountMicros == 2_500_000)
        #expect(redemptions.first?.memo?.contains("promo") == true)
        #expect(redemptions.first?.memo?.contains(code) == false)
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func unknownExpiredMalformedAndTestKeyRedemptionsAreRefused() async throws {
        let t = try await TestGateway.make(credit: 0)
        let codes = RedemptionCodes(store: t.gateway.store)
        let soon = Int64(Date().timeIntervalSince1970 * 1000) + 50
        let expiring = try #require(try await codes.createBatch(count: 1, amountMicros: 1_000_000, expiresAt: soon).codes.first)
        let good = try #require(try await codes.createBatch(count: 1, amountMicros: 1_000_000).codes.first)
        let testKey = try await AccountService(store: t.gateway.store).createKey(accountID: t.accountID, label: "t", test: true)
        try await Task.sleep(for: .milliseconds(100))
        try await t.test { client in
            let expired = try await client.customer(.post, "/account/v1/redeem", key: t.key, json: #"{"code":"\#(expiring)"}"#)
            #expect(expired.status == .gone && expired.errorCode == "code_expired")
            let unknown = try await client.customer(.post, "/account/v1/redeem", key: t.key, json: #"{"code":"IDG-0000-0000-0000-0000"}"#)
            #expect(unknown.status == .notFound && unknown.errorCode == "code_not_found")
            #expect(try await client.customer(.post, "/account/v1/redeem", key: t.key, json: #"{"code":"hello"}"#).errorCode == "invalid_code")
            #expect(try await client.customer(.post, "/account/v1/redeem", key: t.key, json: "{}").errorCode == "invalid_json")
            let test = try await client.customer(.post, "/account/v1/redeem", key: testKey.secret, json: #"{"code":"\#(good)"}"#)
            #expect(test.status == .forbidden && test.errorCode == "test_key_cannot_redeem")
            let anonymous = try await client.postJSON("/account/v1/redeem", key: nil, json: #"{"code":"\#(good)"}"#)
            #expect(anonymous.status == .unauthorized)
            // The refused attempts did not use the code up.
            let ok = try await client.customer(.post, "/account/v1/redeem", key: t.key, json: #"{"code":"\#(good)"}"#)
            #expect(ok.status == .ok && ok.json["balance_micros"] as? Int == 1_000_000 && ok.json["amount"] as? String == "$1.00")
        }
        #expect(try await t.balance() == 1_000_000)
        #expect(try await t.auditFindings().isEmpty)
    }
}

actor StatusList {
    var all: [(HTTPResponse.Status, String?)] = []
    func add(_ status: HTTPResponse.Status, _ code: String?) { all.append((status, code)) }
}
