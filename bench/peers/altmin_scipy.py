"""NumPy/SciPy peer of `matrix-completion` with solver exact: one iteration of alternating
minimization, written the obvious way, on the observed entries and the starting factors the
bench wrote as .npy files (the same instance and start as ours):

    V ← argmin_V ‖P_Ω(UVᵀ − M)‖_F²,   V = QR (numpy.linalg.qr), V ← Q, U ← U·Rᵀ
    U ← argmin_U ‖P_Ω(UVᵀ − M)‖_F²,   U = QR, U ← Q, V ← V·Rᵀ

Each argmin solves one k×k least-squares problem per column of M (rows of V) or per row of M
(rows of U). Three ways (--method):

  normal  all normal equations at once: with B the |Ω|×n indicator of the entries' columns
          (scipy.sparse CSR) and W the |Ω|×k² outer products u_i u_iᵀ of the fixed factor's
          rows at the entries, G = (Bᵀ W).reshape(n, k, k) and b = Bᵀ (u_i M_ij), then one
          batched numpy.linalg.solve; the same by rows for U. The entries are processed in
          blocks of whole columns (rows) of at most --block entries (4096: the fastest of 1024
          to 131072 here; W takes k² doubles an entry, 800 MB at |Ω| = 10⁶, k = 10, unblocked);
  padded  every column's gathered rows padded with zero rows to the longest column, an n×L×k
          array (the padding indexes a zero row appended to the fixed factor), then G and b by
          batched numpy.matmul and one batched numpy.linalg.solve;
  lstsq   a Python loop of numpy.linalg.lstsq over the columns, then the rows.

Inputs: --entries FILE.npy (|Ω|×3: row i, column j, value, 0-based, the entries sorted by
column), --u FILE.npy (k×m, Uᵀ), --v FILE.npy (k×n, Vᵀ); --reference FILE.npy (|Ω|×1: ours
UVᵀ at the entries after one iteration from that start), optional. One iteration from the start
is computed first: its UVᵀ at the entries, compared with --reference, gives the JSON field
"relative_difference" (‖X_peer − X_ours‖ / ‖X_ours‖ over Ω); then iterations are timed
(contract.seconds_per_iteration). Checksum: ‖UVᵀ‖ over Ω after that first iteration."""
import numpy as np
import scipy.sparse

from contract import emit, parse, seconds_per_iteration


class Orientation:
    """The entries grouped by one index (outer: columns of M for V, rows for U), with their other
    index (inner) and values, in blocks of whole groups."""

    def __init__(self, outer, inner, values, count, block):
        order = np.argsort(outer, kind="stable")
        self.outer, self.inner, self.values = outer[order], inner[order], values[order]
        self.count = count
        self.starts = starts = np.searchsorted(self.outer, np.arange(count + 1))
        self.blocks = []
        first = 0
        while first < count:
            last = first + 1
            while last < count and starts[last + 1] - starts[first] <= block:
                last += 1
            lo, hi = starts[first], starts[last]
            indicator = scipy.sparse.csr_matrix(
                (np.ones(hi - lo), (self.outer[lo:hi] - first, np.arange(hi - lo))), shape=(last - first, hi - lo))
            self.blocks.append((first, last, lo, hi, indicator))
            first = last

    def padded(self, zero_row):
        """The inner indices (`zero_row` in the padding) and values (0 there), count×L."""
        position = np.arange(len(self.outer)) - self.starts[self.outer]
        longest = int(np.diff(self.starts).max())
        inner = np.full((self.count, longest), zero_row, dtype=np.int64)
        inner[self.outer, position] = self.inner
        values = np.zeros((self.count, longest))
        values[self.outer, position] = self.values
        return inner, values


def half_step_normal(fixed, entries, k):
    """Rows of the solved factor (entries.count×k) from the fixed factor's rows: batched normal equations."""
    solved = np.zeros((entries.count, k))
    for first, last, lo, hi, indicator in entries.blocks:
        a = fixed[entries.inner[lo:hi]]
        outer = (a[:, :, None] * a[:, None, :]).reshape(hi - lo, k * k)
        gram = (indicator @ outer).reshape(last - first, k, k)
        right = indicator @ (a * entries.values[lo:hi, None])
        solved[first:last] = np.linalg.solve(gram, right[:, :, None])[:, :, 0]
    return solved


def half_step_padded(fixed, entries, k):
    """Rows of the solved factor from the fixed factor's rows: batched matmul over padded columns."""
    if not hasattr(entries, "padding"):
        entries.padding = entries.padded(len(fixed))
    inner, values = entries.padding
    a = np.concatenate([fixed, np.zeros((1, k))])[inner]
    transposed = a.transpose(0, 2, 1)
    return np.linalg.solve(transposed @ a, transposed @ values[:, :, None])[:, :, 0]


def half_step_lstsq(fixed, entries, k):
    """Rows of the solved factor from the fixed factor's rows: numpy.linalg.lstsq per row."""
    solved = np.zeros((entries.count, k))
    for o in range(entries.count):
        lo, hi = entries.starts[o], entries.starts[o + 1]
        solved[o] = np.linalg.lstsq(fixed[entries.inner[lo:hi]], entries.values[lo:hi], rcond=None)[0]
    return solved


def main():
    args = parse(__doc__, [("--entries", str, None), ("--u", str, None), ("--v", str, None),
                           ("--reference", str, None), ("--method", str, "normal"), ("--block", int, 4096)])
    triples = np.load(args.entries)
    rows, columns, values = triples[:, 0].astype(np.int64), triples[:, 1].astype(np.int64), triples[:, 2].copy()
    u0 = np.ascontiguousarray(np.load(args.u).T)
    v0 = np.ascontiguousarray(np.load(args.v).T)
    (m, k), n = u0.shape, v0.shape[0]
    by_column = Orientation(columns, rows, values, n, args.block)
    by_row = Orientation(rows, columns, values, m, args.block)
    half_step = {"normal": half_step_normal, "padded": half_step_padded, "lstsq": half_step_lstsq}[args.method]

    def iteration(u, v):
        v = half_step(u, by_column, k)
        q, r = np.linalg.qr(v)
        v, u = q, u @ r.T
        u = half_step(v, by_row, k)
        q, r = np.linalg.qr(u)
        return q, v @ r.T

    u, v = iteration(u0, v0)
    product = np.einsum("pl,pl->p", u[rows], v[columns])
    extra = {}
    if args.reference:
        ours = np.load(args.reference).ravel()
        extra["relative_difference"] = float(np.linalg.norm(product - ours) / np.linalg.norm(ours))
    state = [u, v]

    def step():
        state[0], state[1] = iteration(state[0], state[1])

    seconds = seconds_per_iteration(step, args.iterations, args.repeat)
    label = {"normal": "batched normal equations over scipy.sparse, numpy.linalg.solve",
             "padded": "columns padded to the longest, batched numpy.matmul, numpy.linalg.solve",
             "lstsq": "numpy.linalg.lstsq per column and per row"}[args.method]
    emit(f"numpy-{np.__version__}/scipy-{scipy.__version__} alternating minimization: {label}",
         float(np.linalg.norm(product)), seconds_per_iteration=seconds, **extra)


if __name__ == "__main__":
    main()
