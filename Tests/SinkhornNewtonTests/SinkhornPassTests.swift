import CTransportKernels
import NumericsCore
import Testing

/// The fused pass of a Sinkhorn iteration against the two products written out: t = Kᵀu,
/// v = c ⊘ t and w = K v, for shapes whose sides are not multiples of the kernel's four-column
/// groups and four-number vectors.
@Suite struct SinkhornPassTests {
    @Test(arguments: [(7, 5), (13, 9), (32, 33), (1, 3)])
    func passEqualsTheTwoProducts(n: Int, m: Int) {
        var g = Xoshiro256StarStar(seed: UInt64(n * 100 + m))
        let k = (0..<(n * m)).map { _ in 0.1 + g.nextUniform() }
        let u = (0..<n).map { _ in 0.5 + g.nextUniform() }
        let c = (0..<m).map { _ in 0.5 + g.nextUniform() }
        var v = [Double](repeating: .nan, count: m), t = v
        var w = [Double](repeating: .nan, count: n)
        repro_sinkhorn_pass(Int32(n), Int32(m), k, Int32(n), u, c, &v, &t, &w)
        var expectedW = [Double](repeating: 0, count: n)
        for j in 0..<m {
            var dot = 0.0
            for i in 0..<n { dot += k[i + j * n] * u[i] }
            #expect(abs(t[j] - dot) <= 1e-14 * dot)
            let vj = c[j] / dot
            #expect(abs(v[j] - vj) <= 1e-14 * vj)
            for i in 0..<n { expectedW[i] += vj * k[i + j * n] }
        }
        for i in 0..<n { #expect(abs(w[i] - expectedW[i]) <= 1e-13 * expectedW[i]) }
    }
}
