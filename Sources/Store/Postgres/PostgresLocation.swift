internal import Foundation
internal import PostgresNIO

/// Where a PostgreSQL event store is: a `postgres://USER@HOST:PORT/DB?sslmode=…&sslrootcert=…` URL
/// (`postgresql://` too), with the password kept apart from it. A password inside the URL is
/// refused: URLs end up in shell histories, process lists and logs, so it comes from the config
/// file or `PGPASSWORD` instead. ``description`` never shows the password.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted, after libpq's `sslmode`.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never encrypted.
        case disable
        /// Encrypted when the server offers it, certificate not checked (libpq's `allow` and `prefer`).
        case prefer
        /// Always encrypted; the certificate is checked against `sslrootcert` when one is given.
        case require
        /// Always encrypted, certificate chain checked (`sslrootcert`, else the system's CAs).
        case verifyCA = "verify-ca"
        /// Always encrypted, certificate chain and host name checked.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// The CA certificate file (PEM) the server's certificate must chain to (`sslrootcert`).
    public var rootCertificatePath: String?
    /// From the config file, else `PGPASSWORD`; nil when neither gives one (trust or peer login).
    var password: String?

    /// True when a `--db` value names a PostgreSQL database rather than an SQLite file.
    public static func isPostgresURL(_ value: String) -> Bool {
        let lowered = value.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Reads a URL. `password` is the config file's value; without one, `PGPASSWORD` from
    /// `environment` (default: this process's) is used.
    public init(url: String, password: String? = nil, environment: [String: String]? = nil) throws(StoreError) {
        guard Self.isPostgresURL(url), let components = URLComponents(string: url) else {
            throw .invalidDatabaseURL(
                url: Self.redacted(url), reason: "not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        let shown = Self.redacted(url)
        if components.password != nil {
            throw .invalidDatabaseURL(
                url: shown,
                reason: "a password in the URL is refused; "
                    + "set PGPASSWORD or the config file's database password instead")
        }
        guard let user = components.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw .invalidDatabaseURL(url: shown, reason: "no user; write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidDatabaseURL(url: shown, reason: "no host; write postgres://USER@HOST:PORT/DATABASE")
        }
        let path = components.percentEncodedPath.removingPercentEncoding ?? ""
        let database = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard !database.contains("/") else {
            throw .invalidDatabaseURL(url: shown, reason: "the path must be one database name, not \(path)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.database = database.isEmpty ? user : database
        self.tls = .prefer
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                switch value {
                case "allow", "prefer": tls = .prefer
                default:
                    guard let mode = TLSMode(rawValue: value) else {
                        throw .invalidDatabaseURL(
                            url: shown,
                            reason: "unknown sslmode \(value); use disable, prefer, require, verify-ca or verify-full")
                    }
                    tls = mode
                }
            case "sslrootcert":
                guard FileManager.default.isReadableFile(atPath: value) else {
                    throw .invalidDatabaseURL(url: shown, reason: "sslrootcert \(value): no such readable file")
                }
                rootCertificatePath = value
            default:
                throw .invalidDatabaseURL(
                    url: shown, reason: "unknown parameter \(item.name); only sslmode and sslrootcert are read")
            }
        }
        if rootCertificatePath != nil, tls == .disable || tls == .prefer {
            throw .invalidDatabaseURL(
                url: shown, reason: "sslrootcert needs sslmode=require, verify-ca or verify-full")
        }
        self.password = password ?? (environment ?? ProcessInfo.processInfo.environment)["PGPASSWORD"]
    }

    /// The URL without its password: what messages and logs show.
    public var description: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if let rootCertificatePath { parameters.append("sslrootcert=\(rootCertificatePath)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    /// The same server and credentials, another database (tests make one per test).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// A URL as given, with any password replaced by `***`, for error messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }

    /// PostgresNIO's client configuration: TLS as asked, a pool of at most `poolSize` connections.
    func clientConfiguration(poolSize: Int) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: clientTLS())
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The same for one connection outside the pool (migrations, the first reachability check).
    func connectionConfiguration() throws(StoreError) -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: try connectionTLS())
        configuration.options.connectTimeout = .seconds(10)  // a NIO TimeAmount here
        return configuration
    }

    private func clientTLS() -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration())
        case .require, .verifyCA, .verifyFull: .require(tlsConfiguration())
        }
    }

    private func connectionTLS() throws(StoreError) -> PostgresConnection.Configuration.TLS {
        if tls == .disable { return .disable }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tlsConfiguration())
        } catch {
            throw .cannotOpen(path: description, reason: "TLS setup failed: \(error)")
        }
        return tls == .prefer ? .prefer(context) : .require(context)
    }

    /// libpq's meaning of each mode: `prefer` and `require` encrypt without checking the
    /// certificate unless a CA file is named (then `require` checks the chain, as libpq does);
    /// `verify-ca` checks the chain, `verify-full` the host name too.
    private func tlsConfiguration() -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .prefer:
            configuration.certificateVerification = .none
        case .require:
            configuration.certificateVerification = rootCertificatePath == nil ? .none : .noHostnameVerification
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        if let rootCertificatePath {
            configuration.trustRoots = .file(rootCertificatePath)
        }
        return configuration
    }
}
