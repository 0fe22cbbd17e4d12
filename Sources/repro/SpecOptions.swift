import ArgumentParser
import Runner
import Specs

/// The options that select what a spec plans: `--set` overrides and `--replicates`.
struct PlanOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override or add a sweep axis: key=value[,value…] (repeatable).", valueName: "key=values"))
    var overrides: [String] = []

    @Option(help: "Replicates per sweep point (overrides the spec's).")
    var replicates: Int?

    @Flag(help: "Allow a plan larger than 100 000 runs.")
    var allowLarge = false

    func validate() throws {
        if let replicates, replicates < 1 { throw ValidationError("--replicates must be at least 1, got \(replicates)") }
    }

    /// Loads and validates every spec before anything runs; the first error is the
    /// command's one-line error.
    func load(_ paths: [String]) throws(CLIError) -> [Spec] {
        let loader = SpecLoader(registry: Models.registry, allowLarge: allowLarge)
        let specs: [Spec]
        do {
            let parsed = try overrides.map { (text: String) throws(SpecError) -> Override in try Override(parsing: text) }
            specs = try paths.map { (path: String) throws(SpecError) -> Spec in
                try loader.load(path: path, overrides: parsed, replicates: replicates)
            }
        } catch {
            throw CLIError(error.description)
        }
        var seen: [String: String] = [:]
        for spec in specs {
            if let other = seen[spec.id] {
                throw CLIError("\(spec.path): id '\(spec.id)' is also the id of \(other)")
            }
            seen[spec.id] = spec.path
            do { _ = try SweepRunner.plan(spec, registry: Models.registry) } catch { throw CLIError(error.description) }
        }
        return specs
    }
}
