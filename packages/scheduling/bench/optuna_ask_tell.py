#!/usr/bin/python3
# Optuna's ask -> suggest 4 params -> tell round trip on PostgreSQL storage (random sampler), one pair at a
# time as a training script does; the first 50 pairs are not counted. Prints p50 and p99 per pair.
import sys, time, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 500
url = "postgresql+psycopg2://postgres:postgres@127.0.0.1:5432/optuna_bench"
study = optuna.create_study(storage=url, sampler=optuna.samplers.RandomSampler(seed=0), study_name=f"asktell{time.time()}")
times = []
for i in range(N + 50):
    t0 = time.perf_counter()
    t = study.ask()
    x = t.suggest_float("x", -5, 5); t.suggest_float("lr", 1e-5, 1e-1, log=True)
    t.suggest_int("dim", 8, 128); t.suggest_categorical("opt", ["adam", "sgd", "adagrad"])
    study.tell(t, (x - 1) ** 2)
    if i >= 50:
        times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(f"optuna {optuna.__version__} ask/tell on postgres, random, n={N}: p50 {times[len(times)//2]:.2f} ms, p99 {times[min(len(times)-1, len(times)*99//100)]:.2f} ms")
