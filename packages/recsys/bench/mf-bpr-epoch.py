#!/usr/bin/python3
"""PyTorch's side of `npm run bench:mf-bpr-epoch`: CPU seconds per MF-BPR epoch (training, then validation
NDCG@10 over every validation user) with race_optuna.py's own model, training loop and evaluator, on the
split the bench wrote, one thread (as the race's optimize() processes).

Usage: mf-bpr-epoch.py SPLIT_DIR CONFIG_JSON   (CONFIG: dims, epochs, lr, l2, fixed, seed). Prints one JSON line.
"""
import json, os, sys, time
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from race_optuna import Evaluator, fit, load_split  # noqa: E402


def main(split_dir, cfg):
    torch.set_num_threads(1)
    U, I, parts = load_split(split_dir)
    valid = Evaluator(U, I, parts["valid"], [parts["train"]])
    out = {}
    for dim in cfg["dims"]:
        cpu, evals, ndcg = [], [], []
        last = [time.process_time()]
        def on_epoch(epoch, model):
            trained = time.process_time()
            with torch.no_grad(): ndcg.append(valid.ndcg(model.score_all(valid.users)))
            now = time.process_time(); cpu.append(now - last[0]); evals.append(now - trained); last[0] = now
        params = {"dim": dim, "lr": cfg["lr"], "l2": cfg["l2"]}
        last[0] = time.process_time()
        fit(U, I, parts["train"], params, cfg["fixed"], cfg["epochs"], cfg["seed"], on_epoch)
        out[str(dim)] = {"cpu": cpu, "eval": evals, "ndcg": ndcg}
    print(json.dumps({"torch": torch.__version__, "dims": out}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], json.load(open(sys.argv[2])))
