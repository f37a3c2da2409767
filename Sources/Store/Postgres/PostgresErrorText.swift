internal import PostgresNIO

/// Turns PostgresNIO's errors into ``StoreError``s a person can act on. PostgresNIO's own
/// descriptions are deliberately generic (they hide queries); the server's message, SQLSTATE and
/// the network cause are what say what went wrong.
enum PostgresErrorText {
    /// The error of an operation on `location`, worded for the person running the command.
    static func storeError(_ error: any Error, location: PostgresLocation, connecting: Bool = false) -> StoreError {
        if let error = error as? StoreError { return error }
        if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
            if let inner { return storeError(inner, location: location, connecting: connecting) }
        }
        let reason = describe(error)
        if connecting || isConnectionFailure(error) {
            return .cannotOpen(path: location.description, reason: reason)
        }
        return .failed(path: location.description, reason: reason)
    }

    /// The SQLSTATE of a server error (e.g. `23514`), else nil.
    static func sqlState(_ error: any Error) -> String? {
        if let transaction = error as? PostgresTransactionError,
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
        {
            return sqlState(inner)
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// One line: the server's message and SQLSTATE, or the network cause with a hint.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo, let message = info[.message] {
            var text = message
            if let detail = info[.detail] { text += " (\(detail))" }
            if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
            return text
        }
        switch error.code {
        case .authMechanismRequiresPassword:
            return "the server asks for a password: set PGPASSWORD or the config file's database password"
        case .sslUnsupported:
            return "the server does not offer TLS, which sslmode requires"
        case .connectionError:
            if let tls = error.underlying as? NIOSSLError {
                return "TLS handshake failed (\(tls)); check sslmode, sslrootcert and that the server's "
                    + "certificate names this host"
            }
            let cause = error.underlying.map { String(describing: $0) } ?? "no connection"
            return "cannot connect (\(cause)); is the server running and reachable?"
        case .serverClosedConnection, .clientClosedConnection:
            return "the connection closed unexpectedly"
        default:
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return String(describing: error.code)
        }
    }

    private static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .sslUnsupported, .authMechanismRequiresPassword, .unsupportedAuthMechanism,
            .saslError:
            return true
        default:
            return false
        }
    }
}
