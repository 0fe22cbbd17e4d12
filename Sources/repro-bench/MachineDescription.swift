import Foundation
import NumericsCore

/// The machine a benchmark ran on, as read from /proc, /sys and the tools themselves.
struct MachineDescription: Codable, Sendable {
    var cpu: String
    var logicalCores: Int
    /// e.g. "L1d 32 KiB, L2 512 KiB, L3 32768 KiB" (per instance, as /sys lists them for cpu0).
    var caches: String
    var memory: String
    var operatingSystem: String
    var kernel: String
    var swift: String
    /// Our side: the system OpenBLAS (openblas_get_config), its kernel and threads.
    var oursBLAS: String
    /// The peers' side: NumPy, SciPy and NumPy's own BLAS (bench/peers/blas_info.py).
    var peerBLAS: String
    /// /proc/loadavg when the run started (other work on the machine shows here).
    var loadAtStart: String

    /// Reads the description; `peerInfo` is blas_info.py's JSON line (or an explanation).
    static func read(swiftVersion: String, peerInfo: String) -> MachineDescription {
        MachineDescription(
            cpu: field("model name", in: text("/proc/cpuinfo")) ?? "unknown",
            logicalCores: ProcessInfo.processInfo.activeProcessorCount,
            caches: caches(),
            memory: (field("MemTotal", in: text("/proc/meminfo")) ?? "unknown"),
            operatingSystem: field("PRETTY_NAME", in: text("/etc/os-release"), separator: "=")?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? "unknown",
            kernel: text("/proc/sys/kernel/osrelease").trimmingCharacters(in: .whitespacesAndNewlines),
            swift: swiftVersion,
            oursBLAS: "\(BLASRuntime.config) (kernel \(BLASRuntime.coreName), \(BLASRuntime.threads) thread(s)), "
                + "loaded from \(loadedLibrary(containing: "libopenblas") ?? "an unknown path")",
            peerBLAS: peerInfo,
            loadAtStart: load())
    }

    /// The path of the first file mapped into this process whose file name contains `name` (/proc/self/maps).
    static func loadedLibrary(containing name: String) -> String? {
        text("/proc/self/maps").split(separator: "\n").lazy
            .compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) }
            .first { $0.hasPrefix("/") && ($0.split(separator: "/").last ?? "").contains(name) }
    }

    /// /proc/loadavg, trimmed.
    static func load() -> String {
        text("/proc/loadavg").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The caches of cpu0: level, type and size of each /sys/devices/system/cpu/cpu0/cache/index*.
    static func caches() -> String {
        let base = "/sys/devices/system/cpu/cpu0/cache"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).filter { $0.hasPrefix("index") }.sorted()
        return names.map { index -> String in
            func read(_ file: String) -> String {
                text("\(base)/\(index)/\(file)").trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let type = read("type")
            let suffix = type == "Data" ? "d" : type == "Instruction" ? "i" : ""
            return "L\(read("level"))\(suffix) \(read("size"))"
        }.joined(separator: ", ")
    }

    /// The contents of a text file, or "" when unreadable. Read to the end through a file handle:
    /// /proc files report size 0, and `String(contentsOfFile:)` stops after one page of them.
    static func text(_ path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    /// The value of the first line `key<separator>value` of `text`, trimmed.
    static func field(_ key: String, in text: String, separator: Character = ":") -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: separator, maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
