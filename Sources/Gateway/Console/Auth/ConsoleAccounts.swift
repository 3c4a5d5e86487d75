import Foundation

/// Sign-up and sign-in with an email and a password. A new console user gets a new account with
/// a zero balance, plus the welcome credit the operator set (through the ledger, like any credit).
struct ConsoleAccounts: Sendable {
    let store: any GatewayStore
    /// Where hashes are computed: never on the cooperative pool.
    let workers: CPUWork
    var hasher = PasswordHasher()

    /// Setting: opening credit for console sign-ups, in micros. Absent or 0 means none.
    static let welcomeCreditSetting = "console_welcome_credit_micros"
    static let minPasswordLength = 8

    static func normalized(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    func signUpAllowed() async throws -> Bool {
        try await OperatorSettings(store: store).value(.consoleSignUp)
    }

    func signUp(email rawEmail: String, password: String) async throws -> ConsoleUser {
        guard try await signUpAllowed() else {
            throw GatewayError(.forbidden, "signup_disabled", "Sign-up is turned off on this gateway. Ask the operator for an account.")
        }
        let email = Self.normalized(email: rawEmail)
        guard email.count <= 254, let at = email.firstIndex(of: "@"), at != email.startIndex,
              email[email.index(after: at)...].contains("."), !email.contains(where: \.isWhitespace)
        else { throw GatewayError(.badRequest, "invalid_email", "Enter a valid email address.") }
        guard password.count >= Self.minPasswordLength, password.utf8.count <= 1024 else {
            throw GatewayError(.badRequest, "weak_password", "The password must be at least \(Self.minPasswordLength) characters.")
        }
        guard try await store.consoleUser(email: email) == nil else { throw Self.emailTaken }
        let service = AccountService(store: store)
        let welcome = Int64(try await store.setting(Self.welcomeCreditSetting) ?? "") ?? 0
        let hasher = self.hasher
        // Hashed before the account opens, so a refusal for a busy console leaves nothing behind.
        let passwordHash = try await workers.run { hasher.hash(password) }
        let account = try await service.openAccount(name: email, creditMicros: max(0, welcome), memo: "welcome credit")
        let user = ConsoleUser(
            id: "usr_" + KeySecret.randomToken(length: 16), email: email, passwordHash: passwordHash,
            accountID: account.id, consoleKeyID: nil, createdAt: Date().millis)
        do {
            try await store.createConsoleUser(user)
        } catch ConsoleStoreError.emailTaken {
            throw Self.emailTaken
        }
        return user
    }

    /// The user, or one refusal for both a wrong email and a wrong password, so the form does not
    /// reveal who has an account. An unknown email still costs a hash, for the same reason.
    func signIn(email rawEmail: String, password: String) async throws -> ConsoleUser {
        let email = Self.normalized(email: rawEmail)
        let user = try await store.consoleUser(email: email)
        let stored = user?.passwordHash
        let ok = try await workers.run { PasswordHasher.verify(password, against: stored ?? Self.decoyHash) }
        guard let user, ok else {
            throw GatewayError(.unauthorized, "invalid_credentials", "The email or the password is not right.")
        }
        if let account = try await store.account(id: user.accountID), account.disabledAt != nil {
            throw GatewayError(.forbidden, "account_disabled", "This account is disabled. Contact the operator.")
        }
        return user
    }

    static let emailTaken = GatewayError(.conflict, "email_taken", "An account with this email already exists. Sign in instead.")
    static let decoyHash = PasswordHasher().hash("decoy password that matches nothing")
}
