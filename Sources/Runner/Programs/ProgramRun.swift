import ExperimentKit
import Foundation
import Specs

/// One run of a model program through its worker (docs/model-programs.md): the request line
/// written to the worker, the lines read back (series points, then one result), and the
/// checks that turn anything else into a failed run with a one-line reason.
enum ProgramRun {
    /// The request for one run: `{"key", "replicate", "parameters", "seeds", "record"}` on one
    /// line. Seeds are decimal strings (they use all 64 bits, beyond the 2⁵³ a JSON number holds
    /// exactly); parameters are in their canonical JSON form (`ParameterSet.canonicalJSON`).
    static func request(_ point: RunPoint, record: RecordPolicy) -> String {
        let seeds = point.identity.seeds
        return "{\"key\":\"\(point.identity.key)\",\"replicate\":\(point.replicate),"
            + "\"parameters\":\(point.parameters.canonicalJSON),"
            + "\"seeds\":{\"instance\":\"\(seeds.instance)\",\"algorithm\":\"\(seeds.algorithm)\"},"
            + "\"record\":{\"every\":\(record.every)}}"
    }

    /// A run the program did not complete as the protocol says: the one-line reason, and
    /// whether the worker must be replaced (it crashed, hung, or its output can no longer be
    /// trusted to be in step with the requests).
    struct Failure: Error {
        var reason: String
        var replaceWorker: Bool
    }

    /// Reads the lines of one run from `process` until its result line, within `timeout`
    /// seconds, and checks them against `schema`.
    static func read(from process: ProgramProcess, schema: ModelSchema, timeout: Double) throws(Failure) -> Outcome {
        let deadline = ContinuousClock.now + .milliseconds(Int(min(timeout, 1e9) * 1000))
        var series: [String: Series] = [:]
        let declaredSeries = Set(schema.series.map(\.name))
        while true {
            let bytes: [UInt8]
            do {
                bytes = try process.readLine(until: deadline)
            } catch {
                switch error {
                case .timedOut:
                    throw Failure(reason: "no result within the timeout of \(seconds(timeout)) s; the worker was killed",
                                  replaceWorker: true)
                case .lineTooLong:
                    throw Failure(reason: "a line of output longer than \(ProgramProcess.maximumLineBytes) bytes",
                                  replaceWorker: true)
                case .endOfOutput:
                    let status = process.exitStatus(waiting: 1000)
                    let how = status.map { $0 == 0 ? "exited (status 0)" : "exited with status \($0)" } ?? "closed its output"
                    throw Failure(reason: "the program \(how) before the run's result", replaceWorker: true)
                }
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = parse(bytes) else {
                throw Failure(reason: "output that is not a JSON object: '\(excerpt(bytes))'", replaceWorker: true)
            }
            if let name = object["series"] {
                guard let name = name as? String, declaredSeries.contains(name) else {
                    throw Failure(reason: "series \(describe(name)) is not declared (series: "
                        + schema.series.map(\.name).joined(separator: ", ") + ")", replaceWorker: true)
                }
                try append(object, to: &series[name, default: Series()], name: name)
                continue
            }
            guard let status = object["status"] else {
                throw Failure(reason: "a line that is neither a series point nor a result: '\(excerpt(bytes))'",
                              replaceWorker: true)
            }
            return try result(object, status: status, series: series, schema: schema)
        }
    }

    /// Adds `{"series", "step", "value"}` or `{"series", "steps", "values"}` to `curve`.
    private static func append(_ object: [String: Any], to curve: inout Series, name: String) throws(Failure) {
        let steps: [Any], values: [Any]
        if let step = object["step"], let value = object["value"] {
            (steps, values) = ([step], [value])
        } else if let s = object["steps"] as? [Any], let v = object["values"] as? [Any], s.count == v.count {
            (steps, values) = (s, v)
        } else {
            throw Failure(reason: "series '\(name)': expected step and value (or steps and values of one length)",
                          replaceWorker: true)
        }
        for (stepValue, valueValue) in zip(steps, values) {
            guard let step = ProgramSchemaReader.integer(stepValue), step >= 0, step > (curve.steps.last ?? -1) else {
                throw Failure(reason: "series '\(name)': steps must be increasing integers ≥ 0, got \(describe(stepValue))",
                              replaceWorker: true)
            }
            guard let value = number(valueValue) else {
                throw Failure(reason: "series '\(name)' at step \(step): expected a number, got \(describe(valueValue))",
                              replaceWorker: true)
            }
            if value.isNaN { throw Failure(reason: "series '\(name)' is NaN at step \(step)", replaceWorker: false) }
            curve.steps.append(step)
            curve.values.append(value)
        }
    }

    /// The outcome of a result line `{"status", "metrics", "message"}`.
    private static func result(_ object: [String: Any], status: Any, series: [String: Series], schema: ModelSchema)
    throws(Failure) -> Outcome {
        guard let text = status as? String, let status = RunStatus(rawValue: text) else {
            throw Failure(reason: "status: expected ok, diverged or failed, got \(describe(status))", replaceWorker: true)
        }
        let message = (object["message"] as? String).map(oneLine)
        let given = object["metrics"] as? [String: Any] ?? [:]
        if object["metrics"] != nil, !(object["metrics"] is [String: Any]) {
            throw Failure(reason: "metrics: expected an object of metric names to numbers", replaceWorker: false)
        }
        let declared = schema.metrics.map(\.name)
        if let unknown = given.keys.sorted().first(where: { !declared.contains($0) }) {
            throw Failure(reason: "metric '\(unknown)' is not declared", replaceWorker: false)
        }
        var metrics: [String: Double] = [:]
        for name in declared {
            guard let value = given[name] else {
                // A failed run may report what it has; ok and diverged runs report every metric.
                if status == .failed { continue }
                throw Failure(reason: "metric '\(name)' is missing (send null for a metric that does not apply to the run)",
                              replaceWorker: false)
            }
            if value is NSNull { continue }
            guard let number = number(value) else {
                throw Failure(reason: "metric '\(name)': expected a number, got \(describe(value))", replaceWorker: false)
            }
            if number.isNaN { throw Failure(reason: "metric '\(name)' is NaN", replaceWorker: false) }
            metrics[name] = number
        }
        if status != .ok, message == nil {
            return Outcome(status: status, message: "the program reported \(status.rawValue) without a message",
                           metrics: metrics, series: series)
        }
        return Outcome(status: status, message: message, metrics: metrics, series: series)
    }

    /// A JSON object from one line; the non-JSON words `NaN`, `Infinity` and `-Infinity` that
    /// Python's `json.dumps` writes by default are read as the numbers they name.
    static func parse(_ bytes: [UInt8]) -> [String: Any]? {
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] { return object }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("NaN") || text.contains("Infinity") else { return nil }
        let quoted = text.replacingOccurrences(of: "-Infinity", with: "\"-inf\"")
            .replacingOccurrences(of: "Infinity", with: "\"inf\"").replacingOccurrences(of: "NaN", with: "\"nan\"")
        return try? JSONSerialization.jsonObject(with: Data(quoted.utf8)) as? [String: Any]
    }

    /// A number, or the strings `inf`, `+inf`, `-inf`, `nan` (JSON has no such numbers).
    static func number(_ value: Any) -> Double? {
        if let d = ProgramSchemaReader.real(value) { return d }
        switch (value as? String)?.lowercased() {
        case "inf"?, "+inf"?, "infinity"?: return .infinity
        case "-inf"?, "-infinity"?: return -.infinity
        case "nan"?: return .nan
        default: return nil
        }
    }

    /// A short rendering of a JSON value for messages.
    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let s = value as? String { return "'\(s.prefix(40))'" }
        if ProgramSchemaReader.isBoolean(value) { return (value as? Bool) == true ? "true" : "false" }
        if let d = ProgramSchemaReader.real(value) { return "\(d)" }
        return value is [Any] ? "a list" : "an object"
    }

    /// The first 80 characters of a line, on one line.
    static func excerpt(_ bytes: [UInt8]) -> String {
        oneLine(String(decoding: bytes.prefix(80), as: UTF8.self)) + (bytes.count > 80 ? "…" : "")
    }

    /// `text` with line breaks and control characters replaced by spaces.
    static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// Seconds as written in a message (`600`, `0.5`).
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? String(Int(value)) : "\(value)"
    }
}
