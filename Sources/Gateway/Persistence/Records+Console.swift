/// Values the web console (`/console`) reads and writes through `ConsoleStore`.

/// A person who signs in to the console with an email and a password. Each one owns an account.
public struct ConsoleUser: Sendable, Equatable {
    public var id: String
    /// Stored lower-cased and trimmed, so sign-in does not depend on how it was typed.
    public var email: String
    /// `PasswordHasher` output: algorithm, iterations, salt and derived key.
    public var passwordHash: String
    public var accountID: String
    /// The key the playground spends through (`ConsoleKeyring`); only its id, never its secret.
    public var consoleKeyID: String?
    public var createdAt: Millis

    public init(
        id: String, email: String, passwordHash: String, accountID: String, consoleKeyID: String? = nil, createdAt: Millis
    ) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.accountID = accountID
        self.consoleKeyID = consoleKeyID
        self.createdAt = createdAt
    }
}

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored.
public struct ConsoleSessionRecord: Sendable, Equatable {
    public var tokenHash: String
    /// The customer, or nil for an operator session.
    public var userID: String?
    public var isAdmin: Bool
    /// Sent back with every form and script call; compared in constant time.
    public var csrfToken: String
    public var createdAt: Millis
    public var expiresAt: Millis
    /// A key secret created in this session, sealed, so the API page can show it in its examples
    /// until the session ends.
    public var lastSecretSealed: String?

    public init(
        tokenHash: String, userID: String? = nil, isAdmin: Bool, csrfToken: String, createdAt: Millis,
        expiresAt: Millis, lastSecretSealed: String? = nil
    ) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.isAdmin = isAdmin
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSecretSealed = lastSecretSealed
    }
}

/// What the console remembers of an image it asked for: the pipeline stores the bytes, this the
/// words and the seed that made them.
public struct ConsoleImageNote: Sendable, Equatable {
    public var imageID: String
    public var accountID: String
    public var operation: String
    public var prompt: String?
    public var seed: Int64?
    public var resolution: String?
    public var createdAt: Millis

    public init(
        imageID: String, accountID: String, operation: String, prompt: String? = nil, seed: Int64? = nil,
        resolution: String? = nil, createdAt: Millis
    ) {
        self.imageID = imageID
        self.accountID = accountID
        self.operation = operation
        self.prompt = prompt
        self.seed = seed
        self.resolution = resolution
        self.createdAt = createdAt
    }
}

/// One image in a customer's gallery: the stored image, the request's price and, when the console
/// made it, its prompt and seed.
public struct GalleryImage: Sendable, Equatable {
    public var imageID: String
    public var requestID: String
    public var operation: String?
    public var unitPriceMicros: Int64?
    public var chargedMicros: Int64?
    public var imagesDelivered: Int?
    public var prompt: String?
    public var seed: Int64?
    public var resolution: String?
    public var createdAt: Millis

    public init(
        imageID: String, requestID: String, operation: String? = nil, unitPriceMicros: Int64? = nil,
        chargedMicros: Int64? = nil, imagesDelivered: Int? = nil, prompt: String? = nil, seed: Int64? = nil,
        resolution: String? = nil, createdAt: Millis
    ) {
        self.imageID = imageID
        self.requestID = requestID
        self.operation = operation
        self.unitPriceMicros = unitPriceMicros
        self.chargedMicros = chargedMicros
        self.imagesDelivered = imagesDelivered
        self.prompt = prompt
        self.seed = seed
        self.resolution = resolution
        self.createdAt = createdAt
    }
}

/// One time bucket of traffic, for charts: requests, images delivered, revenue and errors.
public struct UsageBucket: Sendable, Equatable {
    /// Start of the bucket.
    public var start: Millis
    public var requests: Int
    public var images: Int
    public var revenueMicros: Int64
    public var errors: Int

    public init(start: Millis, requests: Int = 0, images: Int = 0, revenueMicros: Int64 = 0, errors: Int = 0) {
        self.start = start
        self.requests = requests
        self.images = images
        self.revenueMicros = revenueMicros
        self.errors = errors
    }
}
