#!/usr/bin/python3
"""The Optuna side of `npm run bench:race` (Debian: python3-optuna 3.1, python3-torch 1.13, python3-psycopg2).

Tunes MF-BPR in PyTorch on the split rectune made (race.ts writes it: the same train/validation/test
interactions, user and item indices), with TPE + MedianPruner, the study on PostgreSQL, `workers` processes
calling optimize() on the shared storage (torch.set_num_threads(threads) each). Prints one JSON line.

The model is the MF of ../shared/anchors/torch_reference.py (user and item embeddings, score = p_u.q_i),
with what rectune's MF adds so both sides train the same model: an item bias, N(0, 0.1) initialisation,
BPR loss -log sigma(x_ui - x_uj) with one uniformly sampled unobserved item per training positive, and
L2 = l2 / batch * (sum of the squared rows the batch gathered). That script trains at import (argparse at
top level), so its class is restated here rather than imported.

Evaluation is rectune's (packages/recsys/src/metrics): full ranking over all items, the user's training
items masked (validation) or training + validation items masked (test), binary NDCG@10 whose ideal list
holds min(10, |held-out|) hits, averaged over users with held-out items.

Usage: race_optuna.py race CONFIG.json   (CONFIG: split, storage, study, seed, trials, epochs, workers,
                                         threads, space, fixed)
       race_optuna.py score SPLIT_DIR EMBEDDING_DIR   (NDCG@10 of saved P, Q, b on validation and test)
"""
import json, math, multiprocessing as mp, os, sys, time
import numpy as np, torch


def load_split(folder):
    meta = json.load(open(os.path.join(folder, "meta.json")))
    part = lambda name: np.fromfile(os.path.join(folder, f"{name}.i32"), dtype=np.int32).astype(np.int64)
    parts = {p: (part(f"{p}_users"), part(f"{p}_items")) for p in ("train", "valid", "test")}
    for p, (u, _) in parts.items():
        assert len(u) == meta["counts"][p], f"{p}: {len(u)} rows, meta says {meta['counts'][p]}"
    return meta["numUsers"], meta["numItems"], parts


class MF(torch.nn.Module):
    def __init__(s, U, I, dim, init=0.1):
        super().__init__(); s.P = torch.nn.Embedding(U, dim); s.Q = torch.nn.Embedding(I, dim)
        for e in (s.P, s.Q): torch.nn.init.normal_(e.weight, 0, init)
        s.b = torch.nn.Parameter(torch.zeros(I))
    def forward(s, uu, ii): return (s.P(uu) * s.Q(ii)).sum(1) + s.b[ii]
    def score_all(s, users): return s.P.weight[users] @ s.Q.weight.T + s.b


class Evaluator:
    """rectune's full-ranking NDCG@k over one held-out part, with the given parts masked."""
    def __init__(s, U, I, target, masks, k=10):
        s.k = k; tu, ti = target
        s.users = torch.from_numpy(np.unique(tu))
        s.rel = torch.zeros(U, I, dtype=torch.bool); s.rel[torch.from_numpy(tu), torch.from_numpy(ti)] = True
        s.mask = torch.zeros(U, I, dtype=torch.bool)
        for mu, mi in masks: s.mask[torch.from_numpy(mu), torch.from_numpy(mi)] = True
        s.rel, s.mask = s.rel[s.users], s.mask[s.users]
        discounts = 1 / torch.log2(torch.arange(2, k + 2, dtype=torch.float64))
        s.discounts = discounts
        s.ideal = torch.cumsum(discounts, 0)[torch.clamp(s.rel.sum(1), max=k) - 1]
    @torch.no_grad()
    def ndcg(s, scores):
        scores = scores.masked_fill(s.mask, -math.inf)
        top = torch.topk(scores, s.k, dim=1).indices
        hits = torch.gather(s.rel, 1, top).double()
        return float(((hits * s.discounts).sum(1) / s.ideal).mean())


def seen_table(train, I):
    """Training positives as a flat users x items table, for rejecting sampled negatives."""
    u, i = train
    seen = torch.zeros((int(u.max()) + 1) * I, dtype=torch.bool); seen[u * I + i] = True
    return seen


def train_epoch(model, opt, train, seen, I, l2, batch, gen):
    u, i = train
    j = torch.randint(0, I, (len(u),), generator=gen)
    # Uniform unobserved negatives: redraw the ones that hit a training positive (rectune rejects them too).
    for _ in range(32):
        bad = seen[u * I + j]
        if not bad.any(): break
        j[bad] = torch.randint(0, I, (int(bad.sum()),), generator=gen)
    order = torch.randperm(len(u), generator=gen)
    total = 0.0
    for s in range(0, len(u), batch):
        idx = order[s:s + batch]; uu, ii, jj = u[idx], i[idx], j[idx]
        opt.zero_grad()
        d = model(uu, ii) - model(uu, jj)
        loss = torch.nn.functional.softplus(-d).mean()
        if l2 > 0:
            pu, qi, qj = model.P(uu), model.Q(ii), model.Q(jj)
            loss = loss + l2 / len(idx) * (2 * (pu * pu).sum() + (qi * qi).sum() + (qj * qj).sum())
        loss.backward(); opt.step(); total += float(loss) * len(idx)
    return total / len(u)


def fit(U, I, train, params, fixed, epochs, seed, on_epoch):
    """Trains MF-BPR; after each epoch calls on_epoch(epoch, model) (which may raise optuna.TrialPruned)."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = MF(U, I, int(params["dim"]), fixed.get("init", 0.1))
    opt = torch.optim.Adam(model.parameters(), lr=params["lr"])
    tu, ti = (torch.from_numpy(x) for x in train)
    seen = seen_table((tu, ti), I)
    for epoch in range(1, epochs + 1):
        loss = train_epoch(model, opt, (tu, ti), seen, I, params["l2"], int(fixed["batchSize"]), gen)
        if not math.isfinite(loss): raise FloatingPointError(f"loss {loss} at epoch {epoch}")
        on_epoch(epoch, model)
    return model


def suggest(trial, space):
    out = {}
    for name, d in space.items():
        if d["type"] == "int": out[name] = trial.suggest_int(name, d["low"], d["high"], log=d.get("log", False))
        else: out[name] = trial.suggest_float(name, d["low"], d["high"], log=d.get("log", False))
    return out


def worker(cfg, k, ready):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    torch.set_num_threads(cfg["threads"])
    U, I, parts = load_split(cfg["split"])
    valid = Evaluator(U, I, parts["valid"], [parts["train"]])
    sampler = optuna.samplers.TPESampler(seed=cfg["seed"] * 1000 + k)  # one stream per process
    study = optuna.load_study(study_name=cfg["study"], storage=cfg["storage"], sampler=sampler,
                              pruner=optuna.pruners.MedianPruner())

    def objective(trial):
        params = suggest(trial, cfg["space"])
        best = {"value": -1.0, "epoch": 0}
        def on_epoch(epoch, model):
            with torch.no_grad(): v = valid.ndcg(model.score_all(valid.users))
            if v > best["value"]: best.update(value=v, epoch=epoch)
            # rectune's `report: best`: each step reports the best validation so far.
            trial.report(best["value"], epoch)
            trial.set_user_attr("best_epoch", best["epoch"])
            if trial.should_prune(): raise optuna.TrialPruned()
        try:
            fit(U, I, parts["train"], params, cfg["fixed"], cfg["epochs"], cfg["seed"] * 100003 + trial.number, on_epoch)
        except FloatingPointError:
            return float("nan")  # diverged: Optuna records the trial FAILED, as rectune does
        return best["value"]

    stop = optuna.study.MaxTrialsCallback(cfg["trials"], states=None)
    ready.wait()  # loaded (torch, optuna, the split): the race starts for both processes at once
    study.optimize(objective, n_trials=cfg["trials"], callbacks=[stop])


def race(cfg):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(study_name=cfg["study"], storage=cfg["storage"], direction="maximize",
                                sampler=optuna.samplers.TPESampler(seed=cfg["seed"]),
                                pruner=optuna.pruners.MedianPruner())
    # The clock starts when the loaded processes begin to optimize, as rectune's starts when a study is
    # submitted to a cluster whose workers are up.
    from datetime import datetime
    ctx = mp.get_context("spawn")
    ready = ctx.Barrier(cfg["workers"] + 1)
    procs = [ctx.Process(target=worker, args=(cfg, k, ready)) for k in range(cfg["workers"])]
    for p in procs: p.start()
    ready.wait(timeout=300)
    t0 = datetime.now()
    for p in procs: p.join()
    if any(p.exitcode != 0 for p in procs): raise SystemExit(f"an optimize() process failed: {[p.exitcode for p in procs]}")
    wall = (datetime.now() - t0).total_seconds()
    study = optuna.load_study(study_name=cfg["study"], storage=cfg["storage"])
    trials = []
    for t in study.get_trials(deepcopy=False):
        if t.datetime_complete is None: continue
        value = t.value if t.state.name == "COMPLETE" else (max(t.intermediate_values.values()) if t.intermediate_values else None)
        if value is None or not math.isfinite(value): continue
        trials.append({"number": t.number, "state": t.state.name, "value": value,
                       "finishedS": (t.datetime_complete - t0).total_seconds(), "epochs": t.last_step or 0})
    best = study.best_trial
    # The champion's protocol: refit on training + validation for the best epoch count, score test once.
    # One thread, as in the trials: on a loaded machine OpenMP's idle threads spin and slow the refit down.
    torch.set_num_threads(cfg["threads"])
    U, I, parts = load_split(cfg["split"])
    tv = tuple(np.concatenate([parts["train"][x], parts["valid"][x]]) for x in (0, 1))
    test = Evaluator(U, I, parts["test"], [parts["train"], parts["valid"]])
    epochs = int(best.user_attrs.get("best_epoch", cfg["epochs"]))
    model = fit(U, I, tv, best.params, cfg["fixed"], epochs, cfg["seed"], lambda e, m: None)
    with torch.no_grad(): test_ndcg = test.ndcg(model.score_all(test.users))
    print(json.dumps({"optuna": optuna.__version__, "torch": torch.__version__, "wallS": wall, "trials": trials,
                      "best": {"number": best.number, "value": best.value, "params": best.params, "epochs": epochs},
                      "testNdcg": test_ndcg}), flush=True)


def score(split_dir, emb_dir):
    U, I, parts = load_split(split_dir)
    meta = json.load(open(os.path.join(emb_dir, "meta.json")))
    f32 = lambda n: torch.from_numpy(np.fromfile(os.path.join(emb_dir, f"{n}.f32"), dtype=np.float32))
    P, Q, b = f32("P").reshape(U, meta["dim"]), f32("Q").reshape(I, meta["dim"]), f32("b")
    out = {}
    for name, target, masks in (("valid", parts["valid"], [parts["train"]]),
                                ("test", parts["test"], [parts["train"], parts["valid"]])):
        ev = Evaluator(U, I, target, masks)
        out[name] = ev.ndcg(P[ev.users] @ Q.T + b)
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "race": race(json.load(open(sys.argv[2])))
    elif sys.argv[1] == "score": score(sys.argv[2], sys.argv[3])
    else: raise SystemExit(__doc__)
