import Analysis
import ArgumentParser
import ResultStore
import Runner

/// The options that select what a spec plans: `--set` overrides and `--replicates`.
struct PlanOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override or add a sweep axis: key=value[,value…] (repeatable). Without --set and --replicates, "
            + "commands other than run use the plan of the spec's last run.", valueName: "key=values"))
    var overrides: [String] = []

    @Option(help: "Replicates per sweep point (overrides the spec's).")
    var replicates: Int?

    @Flag(help: "Allow a plan larger than 100 000 runs.")
    var allowLarge = false

    func validate() throws {
        if let replicates, replicates < 1 { throw ValidationError("--replicates must be at least 1, got \(replicates)") }
    }

    /// The studies of the spec files at `paths`. Every spec is validated and planned before
    /// `open` opens the store, so that bad input leaves it untouched; then each is joined with
    /// the store. With `remember` and no flags, each takes the plan of its last run and says
    /// so in one line on stderr.
    func studies(_ paths: [String], remember: Bool = true, open: () throws -> ResultStore?) throws -> [Study] {
        let loader = StudyLoader(registry: Models.registry, allowLarge: allowLarge)
        let validated = try loader.load(paths, overrides: overrides, replicates: replicates)
        guard let store = try open() else { return validated }
        let studies = try loader.join(validated, with: store, remember: remember)
        for study in studies {
            if let notice = study.plan.notice { Console.error("\(study.spec.id): \(notice)") }
        }
        return studies
    }

    /// The spec files at `paths` as streams, to be read one plan group at a time: validated
    /// (not planned) before `open` opens the store, then given the plan of their last run as
    /// `studies` does.
    func streams(_ paths: [String], open: () throws -> ResultStore?) throws -> [StudyStream] {
        let loader = StudyLoader(registry: Models.registry, allowLarge: allowLarge)
        _ = try loader.streams(paths, overrides: overrides, replicates: replicates, store: nil, remember: false)
        guard let store = try open() else { return [] }
        let streams = try loader.streams(paths, overrides: overrides, replicates: replicates, store: store, remember: true)
        for stream in streams {
            if let notice = stream.plan.notice { Console.error("\(stream.spec.id): \(notice)") }
        }
        return streams
    }
}
