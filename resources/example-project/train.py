"""Trains a logistic-regression classifier with gradient descent and writes metrics.json.

Everything random is seeded from params.yaml, so the same inputs give the same numbers.
"""
import json

import numpy as np
import yaml

params = yaml.safe_load(open("params.yaml"))
rng = np.random.default_rng(params["seed"])

data = np.loadtxt("data/points.csv", delimiter=",", skiprows=1)
features, labels = data[:, :-1], data[:, -1]
order = rng.permutation(len(labels))
split = int(0.8 * len(labels))
train, test = order[:split], order[split:]

mean, std = features[train].mean(axis=0), features[train].std(axis=0)
features = (features - mean) / std
weights = rng.normal(scale=0.01, size=features.shape[1])
bias = 0.0

def predict(x):
    return 1.0 / (1.0 + np.exp(-(x @ weights + bias)))

cfg = params["train"]
for epoch in range(cfg["epochs"]):
    p = predict(features[train])
    error = p - labels[train]
    weights -= cfg["learning_rate"] * (features[train].T @ error / len(train) + cfg["l2"] * weights)
    bias -= cfg["learning_rate"] * error.mean()

p_test = predict(features[test])
eps = 1e-12
loss = float(-np.mean(labels[test] * np.log(p_test + eps) + (1 - labels[test]) * np.log(1 - p_test + eps)))
accuracy = float(np.mean((p_test > 0.5) == labels[test]))

with open("metrics.json", "w") as out:
    json.dump({"test": {"accuracy": round(accuracy, 6), "loss": round(loss, 6)}, "epochs": cfg["epochs"]}, out, indent=2)
    out.write("\n")
print(f"accuracy {accuracy:.4f}  loss {loss:.4f}")
