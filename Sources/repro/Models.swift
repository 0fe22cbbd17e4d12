import ExperimentKit
import MatrixCompletion
import MatrixSensing
import RobustRecovery
import Runner
import SensitivitySampling
import SinkhornNewton

/// The model catalog: every model `repro` can run, by its `model:` name. The one list of
/// compiled models, and where model programs are found (`experiments/*/models/*.yaml` under
/// the working directory, and `models/` beside a spec being loaded; docs/model-programs.md);
/// the library modules (Runner, Analysis) are handed it and import no model.
enum Models {
    /// The registry the commands and the spec loader use.
    static let registry = ModelRegistry([MatrixSensing.self, RobustRecovery.self, SensitivitySampling.self, SinkhornNewton.self,
                                         MatrixCompletion.self],
                                        programs: ProgramCatalog(roots: ["experiments"]))
}
