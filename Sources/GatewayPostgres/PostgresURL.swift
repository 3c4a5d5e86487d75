import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` URL, the way operators write
/// database addresses everywhere else, turned into the client's configuration.
public struct PostgresURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `disable`, `prefer` (the default: TLS when the server offers it) or `require`.
    public var sslMode: String

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether `text` names a PostgreSQL database rather than, say, a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(_ text: String) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else { throw Invalid(description: "not a postgres:// URL with a host") }
        self.host = host
        port = components.port ?? 5432
        username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : (path.removingPercentEncoding ?? path)
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require", "allow", "verify-ca", "verify-full"].contains(sslMode) else {
            throw Invalid(description: "unknown sslmode \(sslMode)")
        }
    }

    /// The same server, another database (the tests' throwaway databases).
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// Back to URL form. Carries the password: for connecting, never for logs.
    public var text: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.host = host
        components.port = port
        components.user = username
        components.password = password
        components.path = "/" + database
        if sslMode != "prefer" { components.queryItems = [URLQueryItem(name: "sslmode", value: sslMode)] }
        return components.string ?? "postgres://\(host):\(port)/\(database)"
    }

    var tls: PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable", "allow": .disable
        case "require", "verify-ca", "verify-full": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
    }

    /// For one connection of its own (the start-up probe).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable", "allow": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    func clientConfiguration(applicationName: String, maximumConnections: Int) -> PostgresClient.Configuration {
        var config = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        config.options.maximumConnections = maximumConnections
        config.options.additionalStartupParameters = [("application_name", applicationName)]
        return config
    }
}
