import Testing
@testable import Specs

@Suite("Expectations")
struct ExpectationTests {
    @Test func holds() {
        #expect(Expectation.above(0.01).holds(for: 0.02))
        #expect(!Expectation.above(0.01).holds(for: 0.01))
        #expect(Expectation.above(1e300).holds(for: .infinity))
        #expect(!Expectation.above(0).holds(for: .nan))
        #expect(Expectation.below(1e-8).holds(for: 1e-9))
        #expect(!Expectation.below(1e-8).holds(for: .nan))
        #expect(!Expectation.below(1e-8).holds(for: .infinity))
        #expect(Expectation.between(0.8, 1.2).holds(for: 0.8))
        #expect(Expectation.between(0.8, 1.2).holds(for: 1.2))
        #expect(!Expectation.between(0.8, 1.2).holds(for: 1.3))
        #expect(Expectation.near(2, tolerance: 0.3).holds(for: 2.25))
        #expect(!Expectation.near(2, tolerance: 0.3).holds(for: 1.6))
        #expect(!Expectation.near(2, tolerance: 0.3).holds(for: .infinity))
        #expect(!Expectation.near(2, tolerance: 0.3).holds(for: .nan))
    }

    @Test func describes() {
        #expect(Expectation.above(0.01).description == "> 0.01")
        #expect(Expectation.below(1e-8).description == "< 1e-08")
        #expect(Expectation.between(0.8, 1.2).description == "in [0.8, 1.2]")
        #expect(Expectation.near(2, tolerance: 0.3).description == "= 2 ± 0.3")
    }
}
