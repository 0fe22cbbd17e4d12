import ExperimentKit
import Foundation
import Specs
import Synchronization

/// The model programs declared beside the specs: `<root>/*/models/<name>.yaml` for each search
/// root (the paper folders under `experiments/`), and `models/<name>.yaml` beside a spec being
/// loaded. A program is read and asked to `describe` itself the first time it is named, once
/// per process; its declaration or description errors are cached too.
public final class ProgramCatalog: ProgramModelSource {
    /// The folders whose sub-folders' `models/` are searched.
    public let roots: [String]
    /// Longest a `describe` may take, in seconds (or the declaration's run timeout when shorter).
    public static let describeTimeout = 60.0

    private let loaded = Mutex<[String: Result<ModelProgram, ModelProgramError>]>([:])
    private let chosen = Mutex<[String: String]>([:])

    /// A catalog searching `<root>/*/models/*.yaml` for each of `roots` (missing folders are skipped).
    public init(roots: [String]) {
        self.roots = roots
    }

    /// The declaration files in the searched folders, by model name.
    private var declared: [String: [String]] {
        var found: [String: [String]] = [:]
        let files = FileManager.default
        for root in roots {
            guard let papers = try? files.contentsOfDirectory(atPath: root) else { continue }
            for paper in papers.sorted() {
                for path in ProgramDeclarationReader.declarations(besideSpecsIn: root + "/" + paper) {
                    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                    found[name, default: []].append(path)
                }
            }
        }
        return found
    }

    /// The names of the programs declared in the searched folders.
    public var names: [String] { declared.keys.sorted() }

    /// The program called `name`: beside the spec at `specPath` when declared there, else in
    /// the searched folders (where two declarations of one name are an error); nil when none.
    public func program(named name: String, besideSpecAt specPath: String?) throws(ModelProgramError) -> ModelProgram? {
        var path: String?
        if let specPath {
            let folder = URL(fileURLWithPath: specPath).deletingLastPathComponent().path
            let beside = URL(fileURLWithPath: folder).appendingPathComponent("models/\(name).yaml").path
            if FileManager.default.fileExists(atPath: beside) { path = beside }
        }
        if path == nil { path = chosen.withLock { $0[name] } }
        if path == nil, let candidates = declared[name] {
            guard candidates.count == 1 else {
                throw ModelProgramError("model program '\(name)' is declared twice: \(candidates.joined(separator: " and "))")
            }
            path = candidates[0]
        }
        guard let path else { return nil }
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        chosen.withLock { $0[name] = path }
        if let cached = loaded.withLock({ $0[key] }) { return try cached.get() }
        let result: Result<ModelProgram, ModelProgramError>
        do throws(ModelProgramError) {
            result = .success(try Self.load(path))
        } catch {
            result = .failure(error)
        }
        loaded.withLock { $0[key] = result }
        return try result.get()
    }

    /// Reads the declaration at `path` and runs its program's `describe`.
    static func load(_ path: String) throws(ModelProgramError) -> ModelProgram {
        let declaration: ProgramDeclaration
        do throws(SpecError) {
            declaration = try ProgramDeclarationReader.read(path: path)
        } catch {
            throw ModelProgramError(error.description)
        }
        return ModelProgram(declaration: declaration, schema: try describe(declaration))
    }

    /// Starts the program with `describe`, reads its stdout to the end and parses the schema.
    static func describe(_ declaration: ProgramDeclaration) throws(ModelProgramError) -> ModelSchema {
        let process = try ProgramProcess(declaration, mode: "describe")
        defer { process.stop() }
        process.closeInput()
        let timeout = min(describeTimeout, declaration.timeoutSeconds)
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var output: [UInt8] = []
        func failure(_ reason: String) -> ModelProgramError {
            process.kill()
            process.collectErrors(milliseconds: 200)
            process.stop()
            let tail = process.stderrTail()
            return ModelProgramError("\(declaration.path): describe: \(reason)" + (tail.isEmpty ? "" : "; stderr: \(tail)"))
        }
        reading: while true {
            do {
                output += try process.readLine(until: deadline) + [0x0A]
            } catch {
                switch error {
                case .endOfOutput: break reading
                case .timedOut: throw failure("no answer within \(ProgramRun.seconds(timeout)) s")
                case .lineTooLong: throw failure("an answer longer than \(ProgramProcess.maximumLineBytes) bytes")
                }
            }
        }
        guard let status = process.exitStatus(waiting: Int(timeout * 1000)) else { throw failure("did not exit after answering") }
        guard status == 0 else { throw failure("exited with status \(status)") }
        return try ProgramSchemaReader.schema(from: output, declaration: declaration)
    }
}
