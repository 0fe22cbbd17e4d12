import ArgumentParser
import Foundation
import Runner

/// `repro`: reproduce and check the numerical experiments of papers.
@main
struct Repro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro",
        abstract: "Reproduce the numerical experiments of papers, store every run, and check the papers' claims.",
        discussion: """
            Exit codes: 0 ok; 1 a claim failed or a run failed; 2 bad input (spec, arguments, store); \
            3 nothing failed, but a claim is incomplete (some of its runs are missing, stale or failed).
            The store is results/repro.sqlite unless --db or REPRO_DB says otherwise.
            """,
        version: ProvenanceProbe.reproVersion,
        subcommands: [RunCommand.self, VerifyCommand.self, ExportCommand.self, StatusCommand.self,
                      ListCommand.self, ShowCommand.self, DescribeCommand.self, MergeCommand.self,
                      PlotCommand.self, CompareCommand.self, ReportCommand.self])

    /// Parses and runs a command; every error that is not an explicit exit code is bad
    /// input and ends with one line on stderr and exit code 2.
    /// `--db PATH` (or `--db=PATH`) written before the subcommand is moved behind its name, so
    /// that `repro --db s.sqlite verify SPEC` and `repro verify SPEC --db s.sqlite` are one command.
    static func movingStoreOption(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first {
            if first == "--db", rest.count >= 2 {
                leading += rest.prefix(2)
                rest = rest.dropFirst(2)
            } else if first.hasPrefix("--db=") {
                leading.append(first)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty, let subcommand = rest.first else { return arguments }
        return [subcommand] + leading + rest.dropFirst()
    }

    static func main() {
        do {
            var command = try parseAsRoot(Self.movingStoreOption(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as CLIError {
            Console.error(error.description)
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            Console.error(message(for: error))
            Foundation.exit(2)
        }
    }
}
