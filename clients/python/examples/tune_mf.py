"""Tunes a matrix-factorization recommender written in PyTorch with rectune's ask/tell API.

    /usr/bin/python3 clients/python/examples/tune_mf.py --url http://127.0.0.1:8080 --create --trials 20
    /usr/bin/python3 clients/python/examples/tune_mf.py --url http://127.0.0.1:8080 --study 12   # more clients

Each trial trains MF with BPR on ml-latest-small (leave-one-out split: each user's last rating is the test
item, the one before the validation item), reports validation NDCG@10 after every epoch (the study's
pruner may stop it), and tells its best epoch's value with that epoch's test NDCG@10. Without torch
(``import torch`` fails) or with ``--objective synthetic``, a pure-Python stand-in with learning curves
runs instead, so the client can be tried anywhere.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys
import time
from typing import Dict, List, Tuple

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from rectune_client import Study, Trial  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/datasets/ml-latest-small/ratings.csv")


def spec(objective: str, trials: int, epochs: int) -> dict:
    space: Dict[str, dict] = {
        "lr": {"type": "float", "low": 0.001, "high": 0.05, "log": True},
        "l2": {"type": "float", "low": 1e-7, "high": 1e-3, "log": True},
        "dim": {"type": "int", "low": 16, "high": 128, "step": 16},
    }
    return {
        "name": f"{objective}-mf-ask-tell",
        "objective": {"metric": "ndcg@10", "direction": "maximize"},
        "target": {"kind": "external", "name": f"{objective}-mf", "steps": epochs},
        "space": space,
        "strategy": {"maxTrials": trials, "parallelism": 3, "pruner": {"name": "median", "warmupSteps": 2, "minTrials": 3}},
    }


def leave_one_out(path: str) -> Tuple[int, int, List[Tuple[int, int]], Dict[int, int], Dict[int, int], Dict[int, set]]:
    by_user: Dict[str, List[Tuple[int, str]]] = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_user.setdefault(row["userId"], []).append((int(row["timestamp"]), row["movieId"]))
    items: Dict[str, int] = {}
    train: List[Tuple[int, int]] = []
    valid: Dict[int, int] = {}
    test: Dict[int, int] = {}
    seen: Dict[int, set] = {}
    for u, (user, events) in enumerate(sorted(by_user.items())):
        events.sort()
        ids = [items.setdefault(m, len(items)) for _, m in events]
        train += [(u, i) for i in ids[:-2]]
        valid[u], test[u] = ids[-2], ids[-1]
        seen[u] = set(ids[:-2])
    return len(by_user), len(items), train, valid, test, seen


def torch_objective(data_path: str, epochs: int):
    import torch  # noqa: F401  (the caller checked it imports)

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    users, items, train, valid, test, seen = leave_one_out(data_path)
    pairs = torch.tensor(train, dtype=torch.long)
    mask = torch.zeros(users, items, dtype=torch.bool)
    mask[pairs[:, 0], pairs[:, 1]] = True
    valid_items = torch.tensor([valid[u] for u in range(users)])
    test_items = torch.tensor([test[u] for u in range(users)])

    def ndcg_at_10(scores: "torch.Tensor", target: "torch.Tensor", extra_mask: "torch.Tensor | None") -> float:
        scores = scores.masked_fill(mask, float("-inf"))
        if extra_mask is not None:
            scores[torch.arange(users), extra_mask] = float("-inf")
        rank = (scores > scores[torch.arange(users), target].unsqueeze(1)).sum(1)
        return float(torch.where(rank < 10, 1.0 / torch.log2(rank.float() + 2), torch.zeros(())).mean())

    def run(trial: Trial) -> None:
        torch.manual_seed(trial.number)
        dim, lr, l2 = int(trial.params["dim"]), float(trial.params["lr"]), float(trial.params["l2"])
        user_emb = torch.nn.Embedding(users, dim)
        item_emb = torch.nn.Embedding(items, dim)
        for emb in (user_emb, item_emb):
            torch.nn.init.normal_(emb.weight, std=0.1)
        params = list(user_emb.parameters()) + list(item_emb.parameters())
        opt = torch.optim.Adam(params, lr=lr)
        best = (-1.0, 0, 0.0)
        for epoch in range(1, epochs + 1):
            order = pairs[torch.randperm(len(pairs))]
            total = 0.0
            for batch in order.split(4096):
                u, i = batch[:, 0], batch[:, 1]
                j = torch.randint(0, items, (len(batch),))
                pu, qi, qj = user_emb(u), item_emb(i), item_emb(j)
                loss = -torch.nn.functional.logsigmoid((pu * (qi - qj)).sum(1)).mean()
                loss = loss + l2 * (pu.pow(2).sum() + qi.pow(2).sum() + qj.pow(2).sum()) / len(batch)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += float(loss) * len(batch)
            with torch.no_grad():
                scores = user_emb.weight @ item_emb.weight.T
                v = ndcg_at_10(scores.clone(), valid_items, None)
                if v > best[0]:
                    best = (v, epoch, ndcg_at_10(scores.clone(), test_items, valid_items))
            if trial.report(epoch, {"ndcg@10": v, "loss": total / len(pairs)}):
                return
        trial.tell(best[0], {"ndcg@10": best[0], "test/ndcg@10": best[2], "bestEpoch": best[1]})

    return run


def synthetic_objective(epochs: int, step_seconds: float):
    """A learning curve per configuration: lr near 0.01 and a larger dim learn best; noise by trial."""

    def run(trial: Trial) -> None:
        lr, dim = float(trial.params["lr"]), int(trial.params["dim"])
        ceiling = 0.3 - 0.05 * abs(math.log10(lr) + 2) + 0.0005 * dim
        rng = random.Random(trial.number)
        best = (-1.0, 0)
        for epoch in range(1, epochs + 1):
            time.sleep(step_seconds)
            v = ceiling * (1 - math.exp(-epoch / 3)) + rng.uniform(-0.005, 0.005)
            best = max(best, (v, epoch))
            if trial.report(epoch, {"ndcg@10": v}):
                return
        trial.tell(best[0], {"ndcg@10": best[0], "test/ndcg@10": best[0] * 0.97, "bestEpoch": best[1]})

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("RECTUNE_API_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--key", default=os.environ.get("RECTUNE_API_KEY"))
    parser.add_argument("--study", type=int, help="the study to run trials of")
    parser.add_argument("--create", action="store_true", help="submit a new study first and print its id")
    parser.add_argument("--trials", type=int, default=20, help="the budget of a created study")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--objective", choices=["auto", "torch", "synthetic"], default="auto")
    parser.add_argument("--data", default=DATA, help="ml-latest-small ratings.csv")
    parser.add_argument("--step-seconds", type=float, default=0.0, help="synthetic: the time one epoch takes")
    args = parser.parse_args()

    objective = args.objective
    if objective == "auto":
        try:
            import torch  # noqa: F401

            objective = "torch"
        except ImportError:
            objective = "synthetic"
    if args.create:
        study = Study.create(args.url, spec(objective, args.trials, args.epochs), key=args.key)
        print(f"created study {study.id}", flush=True)
    elif args.study:
        study = Study(args.url, args.key, args.study)
    else:
        parser.error("give --study ID or --create")
    run = torch_objective(args.data, args.epochs) if objective == "torch" else synthetic_objective(args.epochs, args.step_seconds)
    for trial in study.trials():
        started = time.time()
        run(trial)
        state = f"pruned ({trial.prune_reason})" if trial.pruned else "done"
        print(f"trial {trial.number} {trial.params} {state} in {time.time() - started:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
