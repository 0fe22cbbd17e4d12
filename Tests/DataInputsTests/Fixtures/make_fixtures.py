"""Writes the .npy/.csv fixtures of DataInputsTests with NumPy (run: python3 make_fixtures.py).

small_c.npy and small_f.npy hold the same 5x3 float64 matrix M[i, j] = i + j / 10 - 0.25 * (i * j % 3),
in C order and in Fortran order; small.csv holds it as text with a header line.
"""
import numpy as np

m = np.array([[i + j / 10 - 0.25 * (i * j % 3) for j in range(3)] for i in range(5)], dtype="<f8")
np.save("small_c.npy", np.ascontiguousarray(m))
np.save("small_f.npy", np.asfortranarray(m))
with open("small.csv", "w") as f:
    f.write("x0,x1,x2\n")
    for row in m:
        f.write(",".join(repr(float(v)) for v in row) + "\n")
