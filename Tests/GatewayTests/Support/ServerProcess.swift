import AsyncHTTPClient
import Foundation
import Testing

/// The real `ideogate` binary, run as a child process: for tests that must kill the server the
/// way a crash would. `scripts/test` builds it next to the test bundle.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let output = OutputBuffer()
    private(set) var port = 0

    static func binary() throws -> URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDirectory, bundleDirectory.deletingLastPathComponent()].map { $0.appendingPathComponent("ideogate") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ProcessFailure("the ideogate binary is not built next to the tests (\(bundleDirectory.path)); run scripts/test")
        }
        return found
    }

    /// Runs a CLI verb to completion and returns its trimmed standard output.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Starts `ideogate serve` on a free port and waits until it answers `/readyz`.
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = ServerProcess()
        server.process.executableURL = try binary()
        server.process.arguments = ["serve", "--port", "0"] + arguments
        if !environment.isEmpty { server.process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        server.process.standardOutput = pipe
        server.process.standardError = pipe
        let buffer = server.output
        pipe.fileHandleForReading.readabilityHandler = { handle in buffer.append(handle.availableData) }
        try server.process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let port = buffer.listeningPort() {
                server.port = port
                if (try? await server.get("/readyz")) == 200 { return server }
            }
            guard server.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        server.kill()
        throw ProcessFailure("ideogate did not become ready: \(buffer.text)")
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func get(_ path: String) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + path), timeout: .seconds(5))
        return Int(response.status.code)
    }

    /// SIGKILL: no shutdown code runs, exactly like a crash or the OOM killer.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { kill() }
}

/// Child output, collected from the pipe's handler thread.
private final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    /// Hummingbird logs "Server started and listening on HOST:PORT".
    func listeningPort() -> Int? {
        let text = self.text
        guard let range = text.range(of: "listening on ") else { return nil }
        let rest = text[range.upperBound...].prefix { $0 != "\n" }
        return rest.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
