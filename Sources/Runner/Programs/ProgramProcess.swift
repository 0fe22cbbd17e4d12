import ExperimentKit
import Foundation
import Synchronization

/// One running instance of a model program: a child process started from the declaration's
/// argv (no shell) in its working directory, with one BLAS/OpenMP thread, whose stdout is read
/// line by line under a deadline and whose stderr is drained into a bounded tail.
///
/// Not thread-safe: one job (one thread of a sweep) owns it.
final class ProgramProcess {
    /// Why reading a line ended without one.
    enum ReadEnd: Error {
        /// The program closed its stdout (it exited or crashed).
        case endOfOutput
        /// The deadline passed first.
        case timedOut
        /// A line longer than `maximumLineBytes`.
        case lineTooLong
    }

    /// The longest line accepted from a program (a series sent whole is one line).
    static let maximumLineBytes = 64 << 20
    /// How much of the program's stderr is kept for failure messages.
    static let stderrTailBytes = 4096

    /// The environment a program runs in: the caller's, with one BLAS and OpenMP thread (a job
    /// is one core) and unbuffered Python output.
    static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"] {
            environment[name] = "1"
        }
        environment["PYTHONUNBUFFERED"] = "1"
        return environment
    }

    /// The process ids of the programs running now, so that an interrupted sweep can stop them.
    private static let running = Mutex<Set<Int32>>([])

    /// Sends SIGKILL to every program process still running (Ctrl-C of a sweep).
    static func killAll() {
        for pid in running.withLock({ $0 }) { Foundation.kill(pid, SIGKILL) }
    }

    let process: Process
    private let input: Int32
    private let output: Int32
    private let errors: Int32
    private var pending: [UInt8] = []
    private var tail: [UInt8] = []
    private var outputOpen = true
    private var errorsOpen = true
    private let inputHandle: FileHandle
    private let outputHandle: FileHandle
    private let errorsHandle: FileHandle

    /// Starts `declaration`'s program with `mode` (`describe` or `worker`) appended to its argv.
    init(_ declaration: ProgramDeclaration, mode: String) throws(ModelProgramError) {
        // A write to a worker that has exited must fail with EPIPE (a failed run), not end repro.
        signal(SIGPIPE, SIG_IGN)
        let executable = try Self.executable(declaration)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(declaration.arguments.dropFirst()) + [mode]
        process.currentDirectoryURL = URL(fileURLWithPath: declaration.workingDirectory, isDirectory: true)
        process.environment = Self.environment()
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw ModelProgramError("\(declaration.path): command: cannot start \(executable): \(error.localizedDescription)")
        }
        self.process = process
        inputHandle = stdin.fileHandleForWriting
        outputHandle = stdout.fileHandleForReading
        errorsHandle = stderr.fileHandleForReading
        input = inputHandle.fileDescriptor
        output = outputHandle.fileDescriptor
        errors = errorsHandle.fileDescriptor
        for fd in [output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let pid = process.processIdentifier
        Self.running.withLock { _ = $0.insert(pid) }
    }

    deinit { stop() }

    /// The executable of `declaration.arguments[0]`: a path with a `/` is taken relative to the
    /// working directory, a bare name is looked up on PATH.
    static func executable(_ declaration: ProgramDeclaration) throws(ModelProgramError) -> String {
        let name = declaration.arguments.first ?? ""
        let files = FileManager.default
        if name.contains("/") {
            let path = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: declaration.workingDirectory, isDirectory: true))
                .standardizedFileURL.path
            guard files.isExecutableFile(atPath: path) else {
                throw ModelProgramError("\(declaration.path): command: \(path) is not an executable file")
            }
            return path
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let path = String(folder) + "/" + name
            if files.isExecutableFile(atPath: path) { return path }
        }
        throw ModelProgramError("\(declaration.path): command: '\(name)' is not found on PATH")
    }

    /// Writes `line` and a newline to the program's stdin; false when the program no longer reads.
    func send(_ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Closes the program's stdin: a worker ends when its input ends.
    func closeInput() {
        try? inputHandle.close()
    }

    /// The next line of the program's stdout (without its newline), waiting until `deadline`.
    /// Its stderr is drained meanwhile.
    func readLine(until deadline: ContinuousClock.Instant) throws(ReadEnd) -> [UInt8] {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            if pending.count > Self.maximumLineBytes { throw .lineTooLong }
            guard outputOpen else {
                if pending.isEmpty { throw .endOfOutput }
                let line = pending
                pending = []
                return line
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timedOut }
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000
                + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            pump(timeoutMilliseconds: milliseconds)
        }
    }

    /// Waits (poll) up to `timeoutMilliseconds` for stdout or stderr, then reads what is there.
    private func pump(timeoutMilliseconds: Int32) {
        var fds: [pollfd] = []
        if outputOpen { fds.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
        if errorsOpen { fds.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
        guard !fds.isEmpty else { return }
        let ready = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
        guard ready > 0 else { return }
        for entry in fds where entry.revents != 0 {
            if entry.fd == output {
                outputOpen = drain(output) { pending += $0 }
            } else {
                errorsOpen = drain(errors) { chunk in
                    tail += chunk
                    if tail.count > 2 * Self.stderrTailBytes { tail.removeFirst(tail.count - Self.stderrTailBytes) }
                }
            }
        }
    }

    /// Reads everything available from `fd` into `sink`; false at end of file.
    private func drain(_ fd: Int32, into sink: ([UInt8]) -> Void) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                sink(Array(buffer[..<count]))
                continue
            }
            if count == 0 { return false }
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
        }
    }

    /// The program's stderr not yet drained, read for up to `milliseconds` (after it exited or
    /// misbehaved, so that its last words reach the failure message).
    func collectErrors(milliseconds: Int32) {
        let deadline = ContinuousClock.now + .milliseconds(Int(milliseconds))
        while errorsOpen, ContinuousClock.now < deadline {
            var fd = pollfd(fd: errors, events: Int16(POLLIN), revents: 0)
            guard poll(&fd, 1, 20) > 0 else { continue }
            errorsOpen = drain(errors) { tail += $0 }
        }
        if tail.count > Self.stderrTailBytes { tail.removeFirst(tail.count - Self.stderrTailBytes) }
    }

    /// The last non-empty lines of the program's stderr on one line (` | ` between lines), at
    /// most `characters` characters; empty when it wrote nothing.
    func stderrTail(characters: Int = 300) -> String {
        let text = String(decoding: tail, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var joined = ""
        for line in lines.reversed() {
            let next = joined.isEmpty ? line : line + " | " + joined
            if next.count > characters {
                if joined.isEmpty { joined = "…" + String(line.suffix(characters)) }
                break
            }
            joined = next
        }
        return joined
    }

    /// The exit status once the program has ended (within `milliseconds`), else nil.
    func exitStatus(waiting milliseconds: Int) -> Int32? {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while process.isRunning {
            if ContinuousClock.now >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return process.terminationStatus
    }

    /// Kills the program (SIGKILL) if it still runs, and reaps it. The pipes stay open, so that
    /// what it wrote to stderr can still be read (`collectErrors`).
    func kill() {
        let pid = process.processIdentifier
        if process.isRunning {
            Foundation.kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        Self.running.withLock { _ = $0.remove(pid) }
    }

    /// Kills the program if it still runs, and closes the pipes.
    func stop() {
        kill()
        try? inputHandle.close()
        try? outputHandle.close()
        try? errorsHandle.close()
    }

    /// Ends a worker politely: closes its stdin, waits up to `milliseconds` for it to exit,
    /// then kills it.
    func finish(waiting milliseconds: Int = 2000) {
        closeInput()
        _ = exitStatus(waiting: milliseconds)
        stop()
    }
}
