import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of one test's own, for what the shared test server must not go through
/// (a restart). Made as `scripts/start-postgres.sh` makes that one: `initdb` into a fresh
/// directory — as the `postgres` user (`runuser -u postgres --`) when the tests run as root, as
/// the current user otherwise — listening on 127.0.0.1 on a free port, password (SCRAM) logins
/// over TCP, and a role and database `espice_own`. Without the server binaries under
/// `/usr/lib/postgresql/*/bin` the test fails, it is not skipped. ``remove()`` stops the server
/// and deletes its directory; call it in a `defer`.
final class PostgresOwnServer: Sendable {
    static let role = "espice_own"
    static let database = "espice_own"

    /// The directory of the cluster (`data/`), the Unix socket and the log.
    let directory: String
    let bin: String
    let port: Int
    let password: String

    var url: String { "postgres://\(Self.role)@127.0.0.1:\(port)/\(Self.database)" }
    var data: String { directory + "/data" }
    var log: String { (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? "" }

    /// The newest `/usr/lib/postgresql/VERSION/bin` that has `initdb`, or nil.
    static func binaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().reversed()
            .map { "\(root)/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    /// initdb, start, and create the role and database; throws (the test fails) when any step does.
    static func start() throws -> PostgresOwnServer {
        let bin = try #require(
            binaries(), "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin: install postgresql")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("espice-own-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        if getuid() == 0 {
            let owner = try #require(getpwnam("postgres"), "running as root, but there is no postgres user to own the server")
            try #require(chown(directory, owner.pointee.pw_uid, owner.pointee.pw_gid) == 0, "cannot chown \(directory)")
        }
        chmod(directory, 0o700)
        let password = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let server = PostgresOwnServer(directory: directory, bin: bin, port: try freePort(), password: password)
        do {
            try server.asOwner("initdb", ["-D", server.data, "-U", "postgres", "-E", "UTF8", "--no-locale",
                                          "--auth-local=trust", "--auth-host=scram-sha-256"])
            try server.pgCtl(["start"] + server.startOptions)
            try server.asOwner("psql", [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", String(server.port), "-U", "postgres",
                "-d", "postgres", "-c", "SET password_encryption = 'scram-sha-256'",
                "-c", "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'",
                "-c", "CREATE DATABASE \(database) OWNER \(role)",
            ])
        } catch {
            server.remove()
            throw error
        }
        return server
    }

    private init(directory: String, bin: String, port: Int, password: String) {
        self.directory = directory
        self.bin = bin
        self.port = port
        self.password = password
    }

    /// `pg_ctl start`'s options: loopback TCP on ``port``, the socket in ``directory``; throwaway
    /// data, so no fsync (a fast shutdown still writes everything out).
    private var startOptions: [String] {
        ["-l", directory + "/server.log", "-w", "-t", "60", "-o",
         "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off -c full_page_writes=off"]
    }

    /// `pg_ctl restart -m fast`: the server stops, aborting open transactions, and starts again.
    func restart() throws { try pgCtl(["restart", "-m", "fast", "-w", "-t", "60", "-l", directory + "/server.log"]) }

    /// `pg_ctl stop -m fast`.
    func stop() throws { try pgCtl(["stop", "-m", "fast", "-w", "-t", "60"]) }

    /// `pg_ctl start` after ``stop()``, on the same port.
    func startAgain() throws { try pgCtl(["start"] + startOptions) }

    /// When the server process started: it changes with every restart.
    func startTime() throws -> String { try psql("SELECT pg_postmaster_start_time()") }

    /// Stops the server (if it runs) and deletes its directory. Never throws: for `defer`.
    func remove() {
        if FileManager.default.fileExists(atPath: data + "/postmaster.pid") {
            _ = try? pgCtl(["stop", "-m", "immediate", "-w", "-t", "60"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `sql` as the role, over TCP with its password: what the daemon's connections go through.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        let result = try runIn(
            directory, bin + "/psql",
            ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
             "-U", Self.role, "-d", Self.database, "-c", sql],
            environment: ["PGPASSWORD": password])
        guard result.status == 0 else { throw DaemonProcessError("psql failed on \(sql): \(result.errors)") }
        return result.output.trimmingCharacters(in: .newlines)
    }

    /// The rows `sql` returns, one line each.
    func rows(_ sql: String) throws -> [String] {
        try psql(sql).split(separator: "\n").map(String.init)
    }

    private func pgCtl(_ arguments: [String]) throws {
        try asOwner("pg_ctl", ["-D", data] + arguments)
    }

    /// Runs one of the server's programs as the cluster's owner: `postgres` when we are root.
    ///
    /// Through a shell that first closes every descriptor above 2: Foundation's `Process` learns
    /// that its child ended when a socket the child inherits closes, and the server `pg_ctl start`
    /// leaves running would otherwise inherit it and hold it open (the start never returned).
    private func asOwner(_ program: String, _ arguments: [String]) throws {
        let command = bin + "/" + program
        let owned = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", command] + arguments : [command] + arguments
        let closeAndRun = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done; exec "$@""#
        // The environment's PGPASSWORD is the shared server's: not this one's business.
        let result = try runIn(directory, "/bin/bash", ["-c", closeAndRun, "bash"] + owned, environment: ["PGPASSWORD": ""])
        guard result.status == 0 else {
            throw DaemonProcessError("\(program) \(arguments.joined(separator: " ")) failed: \(result.errors)\(result.output)\n\(log)")
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on: bound to port 0, read back, released.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw DaemonProcessError("socket() failed: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, length) == 0 && getsockname(socket, address, &length) == 0
            }
        }
        guard bound else { throw DaemonProcessError("cannot bind a port on 127.0.0.1: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
