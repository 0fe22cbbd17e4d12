import Testing
import NumericsCore

@Suite("BLASRuntime (OpenBLAS controls)")
struct BLASRuntimeTests {
    @Test("setThreads(1) gives threads == 1; non-positive counts clamp to 1")
    func threads() {
        BLASRuntime.setThreads(1)
        #expect(BLASRuntime.threads == 1)
        BLASRuntime.setThreads(0)
        #expect(BLASRuntime.threads == 1)
    }

    @Test("config names OpenBLAS and the core name is not empty")
    func identification() {
        #expect(!BLASRuntime.config.isEmpty)
        #expect(BLASRuntime.config.contains("OpenBLAS"))
        #expect(!BLASRuntime.coreName.isEmpty)
    }
}
