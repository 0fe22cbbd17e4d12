"""POT peer of `sinkhorn-newton` with algorithm sinkhorn: POT's entropic OT solver
ot.sinkhorn(a, b, M, reg, method=...) with reg = 1/η (POT's plan diag(u)·exp(−M/reg)·diag(v)
is the plan exp(η(−C + x ⊕ y) − 1) of the dual potentials x, y), on the cost matrix and
marginals the bench wrote as .npy files, so both sides solve the same instance.

--method sinkhorn is POT's scaling form (matrix–vector products on the kernel), sinkhorn_log its
log-domain form (log-sum-exp over the n×n' entries). One call runs --iterations iterations
(stopThr = 0: no early stop; POT also checks the marginal error every 10 iterations, as it
always does); the time per iteration is a call's seconds over the iterations, the median over
--repeat calls after one warm-up call. Checksum: the transport cost ⟨M, P⟩ of the last call."""
import time
import warnings

import numpy as np
import ot

from contract import emit, parse


def main():
    args = parse(__doc__, [("--cost", str, None), ("--source", str, None), ("--target", str, None),
                           ("--eta", float, 100.0), ("--method", str, "sinkhorn")])
    cost = np.load(args.cost)
    a = np.load(args.source).ravel()
    b = np.load(args.target).ravel()
    reg = 1.0 / args.eta
    warnings.simplefilter("ignore")

    def call():
        return ot.sinkhorn(a, b, cost, reg, method=args.method, numItermax=args.iterations, stopThr=0.0)

    call()
    seconds = []
    plan = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        plan = call()
        seconds.append((time.perf_counter() - start) / args.iterations)
    emit(f"POT {ot.__version__} ot.sinkhorn method={args.method}", float(np.sum(plan * cost)),
         seconds_per_iteration=float(np.median(seconds)))


if __name__ == "__main__":
    main()
