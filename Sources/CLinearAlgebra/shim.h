#ifndef REPRO_CLINEARALGEBRA_SHIM_H
#define REPRO_CLINEARALGEBRA_SHIM_H
/* OpenBLAS's CBLAS (pkg-config openblas gives its include folder) and LAPACKE. */
#include <cblas.h>
#include <lapacke.h>
/* OpenBLAS runtime controls (declared in OpenBLAS's cblas.h). */
#endif
