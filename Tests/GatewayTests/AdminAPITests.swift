import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The operator's REST API under /admin/v1: the token, every resource, and its validation.
@Suite struct AdminAPITests {
    @Test func everyAdminRequestNeedsTheAdminToken() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            for bad in [nil, "wrong", t.key] as [String?] {
                let r = try await client.admin(.get, "/admin/v1/accounts", token: bad)
                #expect(r.status == .unauthorized)
                #expect(r.errorCode == "invalid_admin_token")
                #expect(r.json["request_id"] is String)
            }
            let basic = try await client.execute(uri: "/admin/v1/accounts", method: .get, headers: [.authorization: "Basic \(token)"])
            #expect(basic.status == .unauthorized)
            #expect(try await client.admin(.get, "/admin/v1/accounts", token: token).status == .ok)
        }
    }

    @Test func accountsAreCreatedChangedCreditedAndDebited() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let created = try await client.admin(.post, "/admin/v1/accounts", token: token, json: #"{"name":"ACME","credit_micros":5000000}"#)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["balance_micros"] as? Int == 5_000_000)
            #expect(created.json["balance"] as? String == "$5.00")
            #expect(created.json["tier"] as? String == "default")

            #expect(try await client.admin(.post, "/admin/v1/accounts", token: token, json: #"{"name":"x","tier":"gold"}"#).errorCode == "unknown_tier")
            #expect(try await client.admin(.post, "/admin/v1/accounts", token: token, json: #"{"name":""}"#).errorCode == "invalid_name")
            #expect(try await client.admin(.post, "/admin/v1/accounts", token: token, json: #"{"nam":"x"}"#).errorCode == "unknown_field")
            #expect(try await client.admin(.post, "/admin/v1/accounts", token: token, json: #"{"name":5}"#).errorCode == "invalid_json")
            #expect(try await client.admin(.post, "/admin/v1/accounts", token: token, json: "not json").errorCode == "invalid_json")

            let credit = try await client.admin(.post, "/admin/v1/accounts/\(id)/credit", token: token, json: #"{"amount_micros":1000000,"memo":"invoice 42"}"#)
            #expect(credit.status == .ok)
            #expect(credit.json["balance_micros"] as? Int == 6_000_000)
            let overdraw = try await client.admin(.post, "/admin/v1/accounts/\(id)/debit", token: token, json: #"{"amount_micros":7000000}"#)
            #expect(overdraw.status == .conflict)
            #expect(overdraw.errorCode == "insufficient_balance")
            let debit = try await client.admin(.post, "/admin/v1/accounts/\(id)/debit", token: token, json: #"{"amount_micros":1500000,"memo":"refund"}"#)
            #expect(debit.json["balance_micros"] as? Int == 4_500_000)
            for bad in [#"{"amount_micros":0}"#, #"{"amount_micros":-5}"#] {
                #expect(try await client.admin(.post, "/admin/v1/accounts/\(id)/credit", token: token, json: bad).errorCode == "invalid_amount")
            }
            #expect(try await client.admin(.post, "/admin/v1/accounts/\(id)/credit", token: token, json: "{}").errorCode == "invalid_json")
            #expect(try await client.admin(.post, "/admin/v1/accounts/acct_nope/credit", token: token, json: #"{"amount_micros":1}"#).status == .notFound)

            // The same Idempotency-Key applies a credit once.
            for _ in 0..<2 {
                _ = try await client.admin(
                    .post, "/admin/v1/accounts/\(id)/credit", token: token, json: #"{"amount_micros":500000}"#,
                    headers: [HTTPField.Name("Idempotency-Key")!: "pay-7"])
            }
            let read = try await client.admin(.get, "/admin/v1/accounts/\(id)", token: token)
            #expect(read.json["balance_micros"] as? Int == 5_000_000)
            #expect((read.json["keys"] as? [Any])?.isEmpty == true)

            let ledger = try await client.admin(.get, "/admin/v1/accounts/\(id)/ledger?limit=10", token: token)
            #expect(ledger.list.map { $0["kind"] as? String } == ["credit", "debit", "credit", "credit"])
            #expect(ledger.list[1]["memo"] as? String == "refund")
            #expect(ledger.list[1]["amount_micros"] as? Int == -1_500_000)
            #expect(try await client.admin(.get, "/admin/v1/accounts/\(id)/ledger?limit=0", token: token).errorCode == "invalid_parameter")

            _ = try await client.admin(.put, "/admin/v1/tiers/partner", token: token, json: #"{"multiplier_ppm":800000}"#)
            let updated = try await client.admin(.patch, "/admin/v1/accounts/\(id)", token: token, json: #"{"tier":"partner","disabled":true}"#)
            #expect(updated.json["tier"] as? String == "partner")
            #expect(updated.json["disabled"] as? Bool == true)
            #expect(try await client.admin(.patch, "/admin/v1/accounts/\(id)", token: token, json: #"{"disabled":"yes"}"#).errorCode == "invalid_json")

            let list = try await client.admin(.get, "/admin/v1/accounts", token: token)
            #expect(list.list.count == 2)
            #expect(try await client.admin(.get, "/admin/v1/accounts/acct_nope", token: token).errorCode == "account_not_found")
        }
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func keysShowTheirSecretOnceAndTheirScopeIsValidated() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let path = "/admin/v1/accounts/\(t.accountID)/keys"
            let created = try await client.admin(.post, path, token: token, json: """
                {"label":"ci","expires_at":"2099-01-01T00:00:00Z",
                 "scope":{"operations":["v3.generate"],"models":["TURBO","BALANCED"],"ip_ranges":["10.0.0.0/8"],
                          "spend_limit_micros":5000000,"daily_spend_limit_micros":1000000}}
                """)
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            #expect(secret.hasPrefix("sk-"))
            let key = try #require(created.json["key"] as? [String: Any])
            let keyID = try #require(key["id"] as? String)
            #expect(key["hash"] == nil)
            #expect(key["label"] as? String == "ci")
            #expect(key["status"] as? String == "active")
            let scope = try #require(key["scope"] as? [String: Any])
            #expect(scope["models"] as? [String] == ["TURBO", "DEFAULT"])
            #expect(scope["ip_ranges"] as? [String] == ["10.0.0.0/8"])

            let listed = try await client.admin(.get, "/admin/v1/keys?account_id=\(t.accountID)", token: token)
            #expect(listed.list.count == 2)
            #expect(!listed.text.contains(secret) && !listed.text.contains(KeySecret.hash(secret)) && !listed.text.contains("\"hash\""))

            let invalid: [(String, String)] = [
                (#"{"scope":{"operations":["v3.paint"]}}"#, "unknown_operation"),
                (#"{"scope":{"models":["V_9"]}}"#, "unknown_model"),
                (#"{"scope":{"ip_ranges":["10.0.0.0/33"]}}"#, "invalid_ip_range"),
                (#"{"scope":{"ip_ranges":["localhost"]}}"#, "invalid_ip_range"),
                (#"{"scope":{"spend_limit_micros":-1}}"#, "invalid_limit"),
                (#"{"scope":{"daily_spend_limit_micros":-1}}"#, "invalid_limit"),
                (#"{"scope":{"ip_range":["10.0.0.0/8"]}}"#, "unknown_field"),
                (#"{"expires_at":"2001-01-01T00:00:00Z"}"#, "invalid_expiry"),
                (#"{"expires_at":"tomorrow"}"#, "invalid_time"),
                (#"{"label":""}"#, "invalid_label"),
            ]
            for (body, code) in invalid {
                let r = try await client.admin(.post, path, token: token, json: body)
                #expect(r.status == .badRequest, "\(body)")
                #expect(r.errorCode == code, "\(body): \(r.text)")
            }

            let patched = try await client.admin(.patch, "/admin/v1/keys/\(keyID)", token: token, json: #"{"label":"ci-2","expires_at":null,"scope":{}}"#)
            #expect(patched.json["label"] as? String == "ci-2")
            #expect(patched.json["expires_at"] is NSNull)
            #expect((patched.json["scope"] as? [String: Any])?.isEmpty == true)
            #expect(try await client.admin(.patch, "/admin/v1/keys/\(keyID)", token: token, json: #"{"scope":{"models":["FAST"]}}"#).errorCode == "unknown_model")

            // The key works, then is revoked and refused.
            #expect(try await client.generate(key: secret, dryRun: true).status == .ok)
            let revoked = try await client.admin(.delete, "/admin/v1/keys/\(keyID)", token: token)
            #expect(revoked.json["status"] as? String == "revoked")
            #expect(try await client.generate(key: secret, dryRun: true).errorCode == "key_revoked")
            #expect(try await client.admin(.get, "/admin/v1/keys/key_nope", token: token).errorCode == "key_not_found")
        }
    }

    @Test func codesAreCreatedInBatchesAndListedWithoutTheirSecrets() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let created = try await client.admin(.post, "/admin/v1/codes", token: token, json: #"{"count":3,"amount_micros":2000000,"memo":"launch"}"#)
            #expect(created.status == .created)
            let codes = try #require(created.json["codes"] as? [String])
            let batch = try #require(created.json["batch"] as? String)
            #expect(codes.count == 3 && Set(codes).count == 3)
            let pattern = /IDG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}/
            #expect(codes.allSatisfy { $0.wholeMatch(of: pattern) != nil })

            for (body, code) in [
                (#"{"count":0,"amount_micros":1}"#, "invalid_count"), (#"{"count":1001,"amount_micros":1}"#, "invalid_count"),
                (#"{"count":1,"amount_micros":0}"#, "invalid_amount"), (#"{"count":1,"amount_micros":1,"expires_at":"2001-01-01T00:00:00Z"}"#, "invalid_expiry"),
                (#"{"count":1}"#, "invalid_json"),
            ] {
                #expect(try await client.admin(.post, "/admin/v1/codes", token: token, json: body).errorCode == code, "\(body)")
            }

            let redeemed = try await client.customer(.post, "/account/v1/redeem", key: t.key, json: #"{"code":"\#(codes[0].lowercased())"}"#)
            #expect(redeemed.status == .ok)
            let list = try await client.admin(.get, "/admin/v1/codes?batch=\(batch)", token: token)
            #expect(list.list.count == 3)
            #expect(list.list.filter { $0["status"] as? String == "redeemed" }.map { $0["redeemed_by"] as? String } == [t.accountID])
            #expect((list.json["summary"] as? [String: Int]) == ["redeemed": 1, "available": 2])
            #expect(!codes.contains { list.text.contains($0) })
        }
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func pricesAndTiersApplyToTheNextQuote() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let prices = try await client.admin(.get, "/admin/v1/prices", token: token)
            #expect(prices.list.contains { $0["operation"] as? String == "v3.generate" && $0["variant"] as? String == "DEFAULT" && $0["micros"] as? Int == 60_000 })

            let set = try await client.admin(.put, "/admin/v1/prices/v3.generate/QUALITY", token: token, json: #"{"micros":100000}"#)
            #expect(set.status == .ok && set.json["price"] as? String == "$0.10")
            #expect(try await client.generate(key: t.key, speed: "QUALITY", dryRun: true).json["unit_price_micros"] as? Int == 100_000)
            #expect(try await client.admin(.put, "/admin/v1/prices/legacy.upscale/%2A", token: token, json: #"{"micros":70000}"#).status == .ok)

            for (path, body, code) in [
                ("/admin/v1/prices/v3.paint/DEFAULT", #"{"micros":1}"#, "unknown_operation"),
                ("/admin/v1/prices/v3.generate/BALANCED", #"{"micros":1}"#, "unknown_variant"),
                ("/admin/v1/prices/v3.generate/DEFAULT", #"{"micros":-1}"#, "invalid_amount"),
                ("/admin/v1/prices/v3.generate/DEFAULT", #"{"micros":"1"}"#, "invalid_json"),
                ("/admin/v1/tiers/partner", #"{"multiplier_ppm":0}"#, "invalid_multiplier"),
                ("/admin/v1/tiers/bad%20name", #"{"multiplier_ppm":1}"#, "invalid_tier_name"),
            ] {
                let r = try await client.admin(.put, path, token: token, json: body)
                #expect(r.status == .badRequest && r.errorCode == code, "\(path): \(r.text)")
            }

            // A 20% tier: DEFAULT $0.06 becomes $0.048, in the quote and in the charge.
            let tier = try await client.admin(.put, "/admin/v1/tiers/partner", token: token, json: #"{"multiplier_ppm":800000}"#)
            #expect(tier.json["multiplier"] as? String == "0.8")
            _ = try await client.admin(.patch, "/admin/v1/accounts/\(t.accountID)", token: token, json: #"{"tier":"partner"}"#)
            let quote = try await client.generate(key: t.key, dryRun: true)
            #expect(quote.json["unit_price"] as? String == "$0.048")
            let real = try await client.generate(key: t.key, images: 2)
            #expect(real.charged == 96_000)
            let tiers = try await client.admin(.get, "/admin/v1/tiers", token: token)
            #expect(Set(tiers.list.compactMap { $0["name"] as? String }) == ["default", "partner"])
        }
        #expect(try await t.balance() == 10_000_000 - 96_000)
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func chargingWithheldImagesIsTheOperatorsChoice() async throws {
        let t = try await TestGateway.make(upstream: ScriptedUpstream { _ in .deliver(unsafe: 1) })
        let token = try await t.installAdminToken()
        try await t.test { client in
            #expect(try await client.admin(.get, "/admin/v1/settings", token: token).json["charge_unsafe_images"] as? Bool == false)
            #expect(try await client.generate(key: t.key, speed: "QUALITY", images: 3).charged == 180_000)

            let on = try await client.admin(.patch, "/admin/v1/settings", token: token, json: #"{"charge_unsafe_images":true}"#)
            #expect(on.json["charge_unsafe_images"] as? Bool == true)
            let r = try await client.generate(key: t.key, speed: "QUALITY", images: 3)
            #expect(r.charged == 270_000)
            #expect((r.json["data"] as? [[String: Any]])?.first?["url"] is NSNull)

            #expect(try await client.admin(.patch, "/admin/v1/settings", token: token, json: #"{"admin_token_hash":"x"}"#).errorCode == "unknown_field")
            #expect(try await client.admin(.patch, "/admin/v1/settings", token: token, json: #"{"charge_unsafe_images":"yes"}"#).errorCode == "invalid_json")
            _ = try await client.admin(.patch, "/admin/v1/settings", token: token, json: #"{"charge_unsafe_images":false}"#)
            #expect(try await client.generate(key: t.key, speed: "QUALITY", images: 3).charged == 180_000)
        }
        #expect(try await t.balance() == 10_000_000 - 630_000)
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func usageIsFilteredPagedAndExportedAsCSV() async throws {
        let t = try await TestGateway.make(upstream: ScriptedUpstream { r in r.prompt == "fail" ? .fail(.unavailable("down")) : .deliver(unsafe: 0) })
        let token = try await t.installAdminToken()
        try await t.test { client in
            _ = try await client.generate(key: t.key, speed: "TURBO", images: 2)
            _ = try await client.generate(key: t.key, speed: "TURBO", prompt: "fail")
            _ = try await client.generate(key: t.key, speed: "QUALITY")

            let all = try await client.admin(.get, "/admin/v1/usage?account_id=\(t.accountID)", token: token)
            #expect(all.list.count == 3)
            #expect(all.json["next_cursor"] == nil)
            let failed = try await client.admin(.get, "/admin/v1/usage?status=error", token: token)
            #expect(failed.list.count == 1)
            #expect(failed.list.first?["charged_micros"] as? Int == 0)
            let code = try #require(failed.list.first?["error_code"] as? String)
            #expect(try await client.admin(.get, "/admin/v1/usage?error_code=\(code)", token: token).list.count == 1)
            #expect(try await client.admin(.get, "/admin/v1/usage?status=200&operation=v3.generate", token: token).list.count == 2)
            #expect(try await client.admin(.get, "/admin/v1/usage?operation=legacy.generate", token: token).list.isEmpty)
            #expect(try await client.admin(.get, "/admin/v1/usage?since=2099-01-01T00:00:00Z", token: token).list.isEmpty)

            // Cursor paging visits every row once.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.admin(.get, "/admin/v1/usage?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                seen += page.list.compactMap { $0["request_id"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen.count == 3 && Set(seen).count == 3)

            for bad in ["limit=0", "limit=abc", "offset=-1", "status=maybe", "since=yesterday", "cursor=zzz"] {
                let r = try await client.admin(.get, "/admin/v1/usage?\(bad)", token: token)
                #expect(r.status == .badRequest, "\(bad)")
            }

            let csv = try await client.admin(.get, "/admin/v1/usage.csv?account_id=\(t.accountID)", token: token)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines[0] == UsageCSV.header.joined(separator: ","))
            #expect(lines.contains { $0.contains(",v3.generate,TURBO,2,2,30000,60000,$0.06,200,") })
            #expect(try await client.admin(.get, "/admin/v1/usage.csv?status=error", token: token).text.split(separator: "\r\n").count == 2)
            #expect(try await client.admin(.get, "/admin/v1/usage.csv?limit=1", token: token).text.split(separator: "\r\n").count == 2)
        }
        #expect(try await t.auditFindings().isEmpty)
    }

    @Test func csvFieldsAreQuoted() {
        let line = UsageCSV.line(["plain", #"odd,"variant""#, "line\nbreak", ""])
        #expect(line == "plain,\"odd,\"\"variant\"\"\",\"line\nbreak\",\r\n")
    }

    @Test func theAuditIsServed() async throws {
        let t = try await TestGateway.make()
        let token = try await t.installAdminToken()
        try await t.test { client in
            let r = try await client.admin(.get, "/admin/v1/audit", token: token)
            #expect(r.status == .ok)
            #expect(r.json["passed"] as? Bool == true)
            #expect(r.json["accounts"] as? Int == 1)
            #expect((r.json["findings"] as? [Any])?.isEmpty == true)
            #expect(try await client.admin(.get, "/admin/v1/audit?horizon_minutes=-1", token: token).errorCode == "invalid_parameter")
        }
    }
}
