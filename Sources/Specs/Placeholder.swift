/// Placeholder; replaced by the module's implementation.
enum _SpecsPlaceholder {}
