import ExperimentKit
import NumericsCore

/// The batched iteration loop of the sensing models: B sweep points on one instance, advanced
/// together by one fused pass over the measurement operator per iteration (a matrix–matrix
/// product with B columns; a matrix–vector product for B = 1). Per iteration and running point:
/// form M_t, admit ‖M_t − M*‖_F (or stop it as diverged), load M_t into the pass; after the
/// pass: record error and loss, stop it at its budget or `stop_below`, else let its rule step.
/// Points keep their own settings; a stopped point is frozen (the running points fill the first
/// columns of the pass, so a stopped point costs nothing). One point is a batch of one. Every
/// buffer is allocated before the loop.
public struct SensingLoop<Point: SensingIteration> {
    /// The operator passed over.
    public let sensing: SensingOperator
    /// y, length m (empty for the population operator).
    public let measurements: [Double]
    /// M*, n×n.
    public let groundTruth: Matrix
    /// φ and α of the pass.
    public let weight: MeasurementWeight
    public let scale: Double
    /// How the error is named in a divergence message, e.g. "‖M_t − M*‖_F".
    public let errorName: String
    /// The points' rules and bookkeeping (set a point's starting metrics before `run`).
    public var points: [Point]
    public var runs: [PointRun]
    /// M_t, n×n.
    var iterate: Matrix
    /// A point's weighted sum, n×n.
    var weightedSum: Matrix
    /// Models, residuals and weighted sums of the batch.
    var workspace: SensingPassWorkspace

    /// A loop over `points` on the operator `sensing` with measurements `y` and ground truth
    /// `groundTruth`; each point records every `record.every` iterations.
    public init(sensing: SensingOperator, measurements y: [Double], groundTruth: Matrix, weight: MeasurementWeight,
                scale: Double, errorName: String, points: [Point], record: RecordPolicy) {
        let n = sensing.n
        self.sensing = sensing
        measurements = y
        self.groundTruth = groundTruth
        self.weight = weight
        self.scale = scale
        self.errorName = errorName
        self.points = points
        runs = points.map { point in
            PointRun(recorder: Recorder(policy: record, names: point.seriesNames, iterations: point.settings.iterations),
                     iterations: point.settings.iterations)
        }
        iterate = Matrix(rows: n, columns: n)
        weightedSum = Matrix(rows: n, columns: n)
        workspace = sensing.makeWorkspace(batch: points.count)
    }

    /// Runs every point for its budget T (or until its `stop_below` or divergence).
    public mutating func run() throws {
        let budget = points.map(\.settings.iterations).max() ?? 0
        for t in 0...budget {
            var running = 0
            for j in points.indices where runs[j].active {
                try points[j].formIterate(into: &iterate)
                let error = iterate.frobeniusDistance(to: groundTruth)
                guard runs[j].admit(error: error, at: t, blowup: points[j].settings.blowup, quantity: errorName)
                else { continue }
                runs[j].column = running
                sensing.load(iterate, into: &workspace, column: running)
                running += 1
            }
            if running == 0 { break }
            workspace.activeBatch = running
            try sensing.fusedPass(measurements: measurements, weight: weight, scale: scale, workspace: &workspace)
            for j in points.indices where runs[j].active {
                let settings = points[j].settings, column = runs[j].column
                let loss = points[j].loss(pass: workspace, column: column, error: runs[j].errors[runs[j].errors.count - 1])
                let last = runs[j].recordStep(t, loss: loss, iterations: settings.iterations, stopBelow: settings.stopBelow)
                try points[j].observe(at: t, last: last, pass: workspace, column: column, run: &runs[j])
                if last { continue }
                sensing.weightedSum(of: workspace, column: column, into: &weightedSum)
                try points[j].step(at: t, loss: loss, weightedSum: weightedSum, run: &runs[j])
            }
        }
    }
}
