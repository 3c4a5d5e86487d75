import ArgumentParser
import Foundation
import Gateway

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every account's balance against its ledger, list holds open longer than the sweep horizon, and report upstream images nobody paid for.")
    @Option(name: .customLong("horizon-minutes"), help: "Holds open longer than this are reported.") var horizonMinutes: Double = 15
    @OptionGroup var data: DataOptions

    func run() async throws {
        let report = try await AuditReport.run(store: try await data.store(), horizonMinutes: horizonMinutes)
        for line in report.lossLines { print(line) }
        if report.findings.isEmpty {
            print("audit passed: \(report.accounts) accounts, every balance equals its ledger, no stale holds")
        } else {
            for f in report.findings { print("FAIL \(f)") }
            throw ExitCode(1)
        }
    }
}
