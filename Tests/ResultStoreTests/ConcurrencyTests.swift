import Foundation
import Testing
import ResultStore

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("two stores on one file, writing 50 runs each at the same time, store all 100")
    func twoWriters() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("shared/repro.sqlite")
        let first = try ResultStore(path: path)
        let second = try ResultStore(path: path)
        let series = SeriesData(name: "error", steps: Array(0..<200), values: (0..<200).map { 1 / Double($0 + 1) })

        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, store) in [first, second].enumerated() {
                group.addTask {
                    for i in 0..<50 {
                        let key = String(format: "%02x%062x", writer, i)
                        try store.record(
                            run: Fixture.run(key: key, replicate: i), metrics: ["m": Double(i)], series: [series],
                            specID: "spec-\(writer)")
                        if i % 10 == 0 {
                            _ = try store.specSummaries()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        #expect(try first.runs(specID: "spec-0").count == 50)
        #expect(try second.runs(specID: "spec-1").count == 50)
        let all = try ResultStore(readingAt: path).runs(keyPrefix: "")
        #expect(all.count == 100)
        #expect(Set(all.map(\.record.key)).count == 100)
    }

    @Test("four stores opening one new file at the same moment all succeed (WAL switch and migration race)")
    func simultaneousCreation() async throws {
        let dir = try TemporaryDirectory()
        for round in 0..<25 {
            let path = dir.path("new-\(round).sqlite")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        let store = try ResultStore(path: path)
                        try store.record(
                            run: Fixture.run(key: Fixture.key("\(writer)")), metrics: [:], series: [], specID: "s")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try ResultStore(readingAt: path).runs(specID: "s").count == 4)
        }
    }
}
