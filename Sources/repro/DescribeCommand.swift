import ArgumentParser
import ExperimentKit
import Runner

/// `repro describe MODEL`: a model's parameters, metrics and series (a model program is asked
/// to `describe` itself).
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Show a model's parameters (types, defaults, ranges), metrics and series.")

    @Argument(help: "A model name; omit to list the models.")
    var model: String?

    @Flag(help: "Print only the model's main series (its first), the one `make tables` exports.")
    var primarySeries = false

    func validate() throws {
        if primarySeries, model == nil { throw ValidationError("--primary-series needs a model name") }
    }

    func run() throws {
        guard let model else {
            for name in Models.registry.names {
                let summary: String
                do throws(ModelProgramError) {
                    summary = try Models.registry.resolveSchema(of: name, besideSpecAt: nil)?.summary ?? ""
                } catch {
                    summary = "(cannot be described: \(error))"
                }
                Console.out("\(name)  \(summary)\n")
            }
            return
        }
        let resolved: ModelSchema?
        do throws(ModelProgramError) {
            resolved = try Models.registry.resolveSchema(of: model, besideSpecAt: nil)
        } catch {
            throw CLIError(error.description)
        }
        guard let schema = resolved else {
            let near = nearestName(to: model, among: Models.registry.names).map { " (did you mean '\($0)'?)" } ?? ""
            throw CLIError("unknown model '\(model)'\(near); known: " + Models.registry.names.joined(separator: ", "))
        }
        if primarySeries {
            guard let first = schema.series.first else { throw CLIError("model '\(schema.name)' records no series") }
            return Console.out(first.name + "\n")
        }
        var out = "\(schema.name) (schema version \(schema.version), code \(schema.codeFingerprint.prefix(12)))\n\(schema.summary)\n\nparameters (* = defines the instance)\n"
        let names = schema.parameters.map { p in
            (p.definesInstance ? "* " : "  ") + p.name + (p.symbol.isEmpty ? "" : " (\(p.symbol))")
        }
        let nameWidth = max(24, names.map(\.count).max() ?? 0)
        for (p, name) in zip(schema.parameters, names) {
            let def = p.defaultValue.map { p.kind == .matrixFile ? "no file by default" : "default \($0.canonicalText)" }
                ?? "required"
            out += "\(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)) \(p.kind.expectation); \(def)\n"
            out += String(repeating: " ", count: nameWidth + 1) + p.summary + "\n"
        }
        let width = (schema.metrics + schema.series).map(\.name.count).max() ?? 0
        out += "\nmetrics\n"
        for m in schema.metrics { out += "  \(m.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(m.summary)\n" }
        out += "\nseries\n"
        for s in schema.series { out += "  \(s.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(s.summary)\n" }
        Console.out(out)
    }
}
