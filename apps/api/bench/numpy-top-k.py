"""NumPy side of `npm run bench:serving`: top-K for one user at a time on the same MF weights.

Reads P (users x dim), Q (items x dim), b (items) as float32 and each user's seen items from the folder
given, answers the same random users as the HTTP side (score = P[u] @ Q.T + b, seen items excluded,
argpartition then sort of the k best), and prints one JSON line: latency percentiles in ms and the
top-K of the first users, to check both sides rank alike.
"""
import json
import sys
import time

import numpy as np

folder, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
meta = json.load(open(f"{folder}/meta.json"))
P = np.fromfile(f"{folder}/P.f32", dtype=np.float32).reshape(meta["users"], meta["dim"])
Q = np.fromfile(f"{folder}/Q.f32", dtype=np.float32).reshape(meta["items"], meta["dim"])
b = np.fromfile(f"{folder}/b.f32", dtype=np.float32).reshape(meta["items"])
seen = [np.asarray(s, dtype=np.int64) for s in meta["seen"]]
users = meta["requests"][:n]


def top_k(u):
    s = P[u] @ Q.T + b
    s[seen[u]] = -np.inf
    idx = np.argpartition(-s, k)[:k]
    return idx[np.argsort(-s[idx], kind="stable")]


for u in users[:50]:
    top_k(u)  # warm-up
times = []
for u in users:
    t0 = time.perf_counter()
    top_k(u)
    times.append((time.perf_counter() - t0) * 1000)
times = np.asarray(times)
print(
    json.dumps(
        {
            "requests": len(users),
            "p50Ms": float(np.percentile(times, 50)),
            "p99Ms": float(np.percentile(times, 99)),
            "meanMs": float(times.mean()),
            "firstUsersTopK": [top_k(u).tolist() for u in meta["check"]],
        }
    )
)
