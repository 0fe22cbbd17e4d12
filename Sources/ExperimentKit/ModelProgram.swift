/// A model that is a program in any language (docs/model-programs.md): how to start it, which
/// files are its code, how long a run may take, and the schema it described. The runner drives
/// it as a worker process: one JSON request per line in, series points, metrics and status out.
public struct ModelProgram: Sendable {
    /// The declaration this program was read from.
    public var declaration: ProgramDeclaration
    /// The schema the program answered `describe` with; its `codeFingerprint` is the
    /// declaration's (the hash of the declared code files).
    public var schema: ModelSchema

    /// Pairs a declaration with the schema its program described.
    public init(declaration: ProgramDeclaration, schema: ModelSchema) {
        self.declaration = declaration
        self.schema = schema
    }

    /// The model's name (`model:` in a spec): the declaration file's name without `.yaml`.
    public var name: String { declaration.name }
}

/// A model program as its declaration file (`experiments/<paper>/models/<name>.yaml`) states
/// it, with paths made absolute and the code fingerprint computed.
public struct ProgramDeclaration: Sendable, Equatable {
    /// The model's name: the declaration file's name without `.yaml`.
    public var name: String
    /// The declaration file's path as found.
    public var path: String
    /// The argument vector that starts the program (`command:`); never passed through a shell.
    /// The first element is the executable, found on PATH unless it contains a `/` (then
    /// relative to `workingDirectory`).
    public var arguments: [String]
    /// The absolute directory the program runs in (`directory:`, relative to the declaration's
    /// folder; the folder itself by default).
    public var workingDirectory: String
    /// The absolute paths of the files that are its code (`code:`), in the declared order.
    public var codeFiles: [String]
    /// The longest a run may take, in seconds (`timeout:`): past it the worker is killed, the
    /// run is stored as failed and a new worker serves the next run.
    public var timeoutSeconds: Double
    /// Hex SHA-256 over the code files (each file's path as declared, a NUL, its bytes, a NUL),
    /// stored with every run: editing a code file makes the program's runs stale.
    public var codeFingerprint: String

    /// Creates a declaration.
    public init(name: String, path: String, arguments: [String], workingDirectory: String, codeFiles: [String],
                timeoutSeconds: Double, codeFingerprint: String) {
        self.name = name
        self.path = path
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.codeFiles = codeFiles
        self.timeoutSeconds = timeoutSeconds
        self.codeFingerprint = codeFingerprint
    }
}

/// A model program could not be used: a bad declaration, a program that does not start, or a
/// `describe` answer that is not a schema. Bad input: one line naming the declaration file (and
/// its line and key where there is one).
public struct ModelProgramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The one line shown to the user.
    public var description: String

    /// Creates the error with its one line.
    public init(_ description: String) { self.description = description }
}

/// Where a registry finds model programs: the declarations it can see, read and described on
/// first use, each once per process.
public protocol ProgramModelSource: Sendable {
    /// The names of the programs declared in the folders searched (no program is started to list them).
    var names: [String] { get }
    /// The program called `name`: declared in a searched folder or in the `models/` folder
    /// beside the spec at `specPath`; read and described the first time, then cached. nil when
    /// no declaration has that name.
    func program(named name: String, besideSpecAt specPath: String?) throws(ModelProgramError) -> ModelProgram?
}
