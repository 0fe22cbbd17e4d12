import Testing
import NumericsCore

@Suite("Xoshiro256** generator")
struct Xoshiro256Tests {
    // Known answers from an independent Python implementation of the published algorithms
    // (SplitMix64 from Vigna's splitmix64.c seeding four state words, then xoshiro256**
    // from xoshiro256starstar.c); the script is in the commit message that added this file.
    @Test("first five outputs for seeds 0 and 42 match the reference implementation")
    func knownAnswers() {
        var zero = Xoshiro256StarStar(seed: 0)
        #expect((0..<5).map { _ in zero.next() } == [
            0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
            0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59,
        ])
        var fortyTwo = Xoshiro256StarStar(seed: 42)
        #expect((0..<5).map { _ in fortyTwo.next() } == [
            0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
            0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64,
        ])
    }

    @Test("the same seed gives the same sequence, different seeds different ones")
    func determinism() {
        var a = Xoshiro256StarStar(seed: 2024)
        var b = Xoshiro256StarStar(seed: 2024)
        var c = Xoshiro256StarStar(seed: 2025)
        let sequenceA = (0..<1000).map { _ in a.next() }
        #expect(sequenceA == (0..<1000).map { _ in b.next() })
        #expect(sequenceA != (0..<1000).map { _ in c.next() })
        #expect(a.nextNormal() == b.nextNormal())
        #expect(a.nextStudentT(degreesOfFreedom: 3) == b.nextStudentT(degreesOfFreedom: 3))
    }

    @Test("nextUniform is the top 53 bits of next() scaled by 2⁻⁵³, in [0, 1)")
    func uniform() {
        var g = Xoshiro256StarStar(seed: 3)
        var copy = g
        for _ in 0..<100 {
            #expect(g.nextUniform() == Double(copy.next() >> 11) * 0x1.0p-53)
        }
        let n = 100_000
        var sum = 0.0
        for _ in 0..<n {
            let u = g.nextUniform()
            #expect(u >= 0 && u < 1)
            sum += u
        }
        let standardError = (1.0 / 12 / Double(n)).squareRoot()
        #expect(abs(sum / Double(n) - 0.5) < 5 * standardError)
    }

    @Test("works as the generator of the standard library's random APIs")
    func systemRandomAPI() {
        var a = Xoshiro256StarStar(seed: 4)
        var b = Xoshiro256StarStar(seed: 4)
        let draws = (0..<50).map { _ in Int.random(in: 0..<10, using: &a) }
        #expect(draws == (0..<50).map { _ in Int.random(in: 0..<10, using: &b) })
        #expect(Set(draws).count > 5)
    }
}
