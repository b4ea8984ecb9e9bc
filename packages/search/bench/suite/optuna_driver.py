#!/usr/bin/python3
# Optuna's samplers driven by the Node benchmark over JSON lines (bench/suite/optuna.ts): the objective lives
# in Node, so the suite's functions are written once. stdin line 1: {"space": [[name, def], ...] in sampling
# order, "sampler": key, "seeds": [...], "trials": n}. For each seed and trial this prints
# {"seed": s, "params": {...}} and reads back {"value": v}; after a seed's last trial it prints {"done": s}.
# Conditional parameters are suggested define-by-run: only when their `when` condition holds.
import json, sys, warnings
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")


def make_sampler(key, seed, conditional):
    s = optuna.samplers
    if key == "random":
        return s.RandomSampler(seed=seed)
    if key == "tpe":
        return s.TPESampler(seed=seed)
    if key == "tpe_mv":
        # group=True lets the multivariate kernels model each branch of a conditional space.
        return s.TPESampler(seed=seed, multivariate=True, group=conditional)
    if key == "cmaes":
        return s.CmaEsSampler(seed=seed)
    if key == "qmc":
        # Scrambled, or every seed would draw the same Sobol' points (the unscrambled first one is the centre).
        return s.QMCSampler(qmc_type="sobol", scramble=True, seed=seed)
    raise ValueError(f"unknown sampler {key}")


def suggest(trial, name, d):
    t = d["type"]
    if t == "categorical":
        return trial.suggest_categorical(name, d["choices"])
    log = bool(d.get("log", False))
    if t == "int":
        return trial.suggest_int(name, int(d["low"]), int(d["high"]), step=int(d.get("step", 1)), log=log)
    return trial.suggest_float(name, d["low"], d["high"], step=d.get("step"), log=log)


def active(d, params):
    return all(params.get(p) in vals for p, vals in (d.get("when") or {}).items())


def main():
    req = json.loads(sys.stdin.readline())
    space = req["space"]
    conditional = any(d.get("when") for _, d in space)
    for seed in req["seeds"]:
        study = optuna.create_study(sampler=make_sampler(req["sampler"], seed, conditional))
        for _ in range(req["trials"]):
            trial = study.ask()
            params = {}
            for name, d in space:
                if active(d, params):
                    params[name] = suggest(trial, name, d)
            print(json.dumps({"seed": seed, "params": params}), flush=True)
            reply = json.loads(sys.stdin.readline())
            study.tell(trial, reply["value"])
        print(json.dumps({"done": seed}), flush=True)


if __name__ == "__main__":
    main()
