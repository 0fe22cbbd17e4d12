"""Prints, as one JSON line, the versions of NumPy and SciPy and the BLAS NumPy was built
against (NumPy wheels carry their own OpenBLAS, `scipy-openblas`)."""
import json

import numpy as np


def main():
    blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
    try:
        import scipy
        scipy_version = scipy.__version__
    except ImportError:
        scipy_version = None
    print(json.dumps({"numpy": np.__version__, "scipy": scipy_version, "blas": blas.get("name"),
                      "blas_version": blas.get("version"), "blas_config": blas.get("openblas configuration"),
                      "blas_lib_directory": blas.get("lib directory")}))


if __name__ == "__main__":
    main()
