"""Writes data/points.csv: two noisy Gaussian classes in 4 dimensions (seeded, so always the same file)."""
import numpy as np

rng = np.random.default_rng(2024)
n = 1000
labels = rng.integers(0, 2, size=n)
centres = np.array([[0.0, 0.0, 0.0, 0.0], [1.2, -0.8, 0.5, 1.0]])
points = centres[labels] + rng.normal(scale=1.0, size=(n, 4))
with open("data/points.csv", "w") as out:
    out.write("x1,x2,x3,x4,label\n")
    for row, label in zip(points, labels):
        out.write(",".join(f"{value:.6f}" for value in row) + f",{label}\n")
