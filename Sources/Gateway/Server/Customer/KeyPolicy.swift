/// What a key may do to its account's other keys. A key hands out only keys narrower than
/// itself — otherwise a key limited to one model or one network could mint an unlimited one.
enum KeyPolicy {
    /// Spend limits are counted per key, so a limited key that could create keys could multiply
    /// its own budget; such keys manage no keys at all.
    static func mayCreate(scope: KeyScope, by parent: APIKeyRecord) throws {
        guard parent.scope.spendLimitMicros == nil, parent.scope.dailySpendLimitMicros == nil else {
            throw GatewayError(
                .forbidden, "key_management_not_allowed",
                "A key with a spend limit cannot create keys. Ask the operator, or use a key without limits.")
        }
        guard scope.isWithin(parent.scope) else {
            throw GatewayError(
                .forbidden, "scope_too_wide",
                "A new key may allow only what this key allows (operations, models, IP ranges).")
        }
    }

    static func mayRevoke(_ key: APIKeyRecord, by caller: APIKeyRecord) throws {
        guard key.id == caller.id || key.scope.isWithin(caller.scope) else {
            throw GatewayError(.forbidden, "key_management_not_allowed", "This key may not revoke a key that allows more than it does.")
        }
    }

    /// A key never outlives the key that made it: the parent's expiry is the default and the cap.
    static func childExpiry(requested: Millis?, parent: APIKeyRecord) throws -> Millis? {
        guard let cap = parent.expiresAt else { return requested }
        guard let requested else { return cap }
        guard requested <= cap else {
            throw GatewayError(.badRequest, "invalid_expiry", "The new key cannot expire later than this key does.")
        }
        return requested
    }
}
