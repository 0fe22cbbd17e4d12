import ExperimentKit
import Testing

/// A two-parameter toy schema: `n` defines the instance, `alpha` and `name` do not.
let toySchema = ModelSchema(
    name: "toy", version: 3, summary: "toy",
    parameters: [
        ParameterSpec("n", kind: .integer(min: 1, max: 100), default: .int(10), instance: true, summary: "size"),
        ParameterSpec("alpha", symbol: "α", kind: .real(min: 0, max: nil, lowerOpen: true), default: .double(0.5),
                      instance: false, summary: "scale"),
        ParameterSpec("name", kind: .choice(["sym", "asym"]), default: .string("sym"), instance: false, summary: "kind"),
    ],
    metrics: [OutputSpec("final_error", "e")], series: [],
    crossCheck: { (p: ParameterSet) throws(ParameterError) in
        if try p.int("n") == 13 { throw ParameterError(key: "n", message: "13 is unlucky") }
    })

@Suite struct RunIdentityTests {
    @Test func sha256KnownAnswer() {
        // FIPS 180-2 test vector for "abc".
        #expect(RunIdentity.sha256Hex(Array("abc".utf8))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func keyAndSeedsMatchAnIndependentHash() throws {
        // Reference values from Python's hashlib over the same identity texts:
        // key = sha256("run\0toy\03\0" + canonical JSON + "\02"), seeds = first 8 bytes big-endian.
        let p = try toySchema.resolve(ParameterSet(["n": .int(10)]))
        #expect(p.canonicalJSON == #"{"alpha":0.5,"n":10,"name":"sym"}"#)
        let id = RunIdentity(schema: toySchema, parameters: p, replicate: 2)
        #expect(id.key == "27d63b6f1ec0886b523c8c7667278c059643ddedf24c594929d16e8757d4858f")
        #expect(id.seeds.instance == 16_596_392_773_417_036_121)
        #expect(id.seeds.algorithm == 14_405_031_555_239_617_501)
    }

    @Test func algorithmParametersShareTheInstanceSeed() throws {
        let a = try toySchema.resolve(ParameterSet(["alpha": .double(0.1)]))
        let b = try toySchema.resolve(ParameterSet(["alpha": .double(0.2), "name": .string("asym")]))
        let c = try toySchema.resolve(ParameterSet(["n": .int(11)]))
        let ia = RunIdentity(schema: toySchema, parameters: a, replicate: 0)
        let ib = RunIdentity(schema: toySchema, parameters: b, replicate: 0)
        let ic = RunIdentity(schema: toySchema, parameters: c, replicate: 0)
        #expect(ia.seeds.instance == ib.seeds.instance)
        #expect(ia.seeds.algorithm != ib.seeds.algorithm)
        #expect(ia.key != ib.key)
        #expect(ia.seeds.instance != ic.seeds.instance)
        #expect(RunIdentity(schema: toySchema, parameters: a, replicate: 1).seeds.instance != ia.seeds.instance)
    }

    @Test func integerGivenForARealHasTheSameKey() throws {
        let a = try toySchema.resolve(ParameterSet(["alpha": .int(1)]))
        let b = try toySchema.resolve(ParameterSet(["alpha": .double(1.0)]))
        #expect(a == b)
        #expect(a.canonicalJSON.contains(#""alpha":1.0"#))
    }
}

@Suite struct SchemaTests {
    @Test func defaultsAreFilled() throws {
        let p = try toySchema.resolve(ParameterSet())
        #expect(p.values.count == 3)
        #expect(try p.double("alpha") == 0.5)
    }

    @Test func unknownKeySuggestsTheNearestName() {
        #expect(throws: ParameterError(key: "alpah", message: "unknown parameter of model 'toy' (did you mean 'alpha'?)")) {
            try toySchema.resolve(ParameterSet(["alpah": .double(1)]))
        }
    }

    @Test func rangesAndTypes() {
        #expect(throws: ParameterError(key: "alpha", message: "expected a real number > 0.0, got 0.0")) {
            try toySchema.resolve(ParameterSet(["alpha": .double(0)]))
        }
        #expect(throws: ParameterError(key: "n", message: "expected an integer in 1...100, got 101")) {
            try toySchema.resolve(ParameterSet(["n": .int(101)]))
        }
        #expect(throws: ParameterError(key: "n", message: "expected an integer in 1...100, got a string (ten)")) {
            try toySchema.resolve(ParameterSet(["n": .string("ten")]))
        }
        #expect(throws: ParameterError(key: "name", message: "expected one of sym, asym, got 'sim' (did you mean 'sym'?)")) {
            try toySchema.resolve(ParameterSet(["name": .string("sim")]))
        }
        #expect(throws: ParameterError(key: "n", message: "13 is unlucky")) {
            try toySchema.resolve(ParameterSet(["n": .int(13)]))
        }
    }

    @Test func editDistance() {
        #expect(ExperimentKit.editDistance("iteratons", "iterations") == 1)
        #expect(ExperimentKit.editDistance("kitten", "sitting") == 3)
        #expect(nearestName(to: "iteratons", among: ["iterations", "init_scale"]) == "iterations")
        #expect(nearestName(to: "zzzzzz", among: ["iterations", "step"]) == nil)
    }

    @Test func containsIsASubsetTest() {
        let run = ParameterSet(["n": .int(10), "alpha": .double(0.5), "name": .string("sym")])
        #expect(run.contains(ParameterSet()))
        #expect(run.contains(ParameterSet(["alpha": .double(0.5), "name": .string("sym")])))
        #expect(!run.contains(ParameterSet(["alpha": .double(0.25)])))
        #expect(!run.contains(ParameterSet(["step": .double(0.5)])))
    }

    @Test func canonicalTextIsStable() {
        #expect(ParameterValue.double(1e-15).canonicalText == "1e-15")
        #expect(ParameterValue.double(0.1).canonicalText == "0.1")
        #expect(ParameterValue.double(20000).canonicalText == "20000.0")
        #expect(ParameterValue.reals([1, 0.75, 0.5]).canonicalText == "[1.0,0.75,0.5]")
        #expect(ParameterValue.string("a\"b\n").canonicalText == #""a\"b\n""#)
    }
}

@Suite struct RecorderTests {
    @Test func downsamplesAndKeepsTheLastStep() {
        var r = Recorder(policy: RecordPolicy(every: 10), names: ["error"], iterations: 35)
        for t in 0...35 { r.record("error", step: t, value: Double(t), force: t == 35) }
        #expect(r.series["error"]?.steps == [0, 10, 20, 30, 35])
        #expect(r.series["error"]?.values == [0, 10, 20, 30, 35])
    }

    @Test func forcedStepOnAGridPointIsNotDuplicated() {
        var r = Recorder(policy: RecordPolicy(every: 5), names: ["error"], iterations: 10)
        for t in 0...10 { r.record("error", step: t, value: 1, force: t == 10) }
        #expect(r.series["error"]?.steps == [0, 5, 10])
    }
}
