import ExperimentKit
import MatrixSensing
import RobustRecovery
import SensitivitySampling

/// Every model `repro` can run, by its `model:` name.
public enum Models {
    /// The registry the CLI and the spec loader use.
    public static let registry = ModelRegistry([MatrixSensing.self, RobustRecovery.self, SensitivitySampling.self])
}
