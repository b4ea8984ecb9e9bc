"""A client for rectune's ask/tell API: run trials of a study with your own training code.

Standard library only (Python 3.9+). A study whose spec says ``target: { kind: external }`` is run by
clients: each asks for a trial (the sampler's next configuration, under a lease), reports its steps
(the study's pruner answers), and tells the result::

    study = Study("http://127.0.0.1:8080", key=None, id=12)
    for trial in study.trials():
        for epoch in range(1, 11):
            ndcg = train_one_epoch(trial.params)
            if trial.report(epoch, {"ndcg@10": ndcg}):   # True: the pruner stopped this trial
                break
        else:
            trial.tell(ndcg)

Or with pruning as an exception: ``study.optimize(objective)`` where ``objective(trial)`` calls
``trial.report(step, metrics, raise_pruned=True)`` and returns the value.

While a trial is held, a daemon thread renews its lease (so an epoch may take longer than the lease). A
trial whose client dies goes back to the study once its lease lapses (the cluster's
``RECTUNE_STALE_AFTER_MS``) and is handed to the next client that asks; the old lease then refuses
reports and results (``LeaseLost``).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Sequence, Union

__all__ = ["Study", "Trial", "RectuneError", "LeaseLost", "BudgetSpent", "TrialPruned"]

Params = Dict[str, Union[str, float, int, bool]]
Metrics = Mapping[str, float]


class RectuneError(Exception):
    """An error answer of the API (``application/problem+json``): status, problem type, field, detail."""

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        self.status = status
        self.type: str = str(problem.get("type", ""))
        self.field: Optional[str] = problem.get("field")
        self.detail: str = str(problem.get("detail", problem))
        super().__init__(f"{status} {self.detail}")


class LeaseLost(RectuneError):
    """This client no longer holds the trial (its lease expired and it went to another client, or it ended)."""


class BudgetSpent(RectuneError):
    """Every trial of the study's budget has been handed out."""


class TrialPruned(Exception):
    """The study's pruner stopped the trial at a reported step (raised by ``report(..., raise_pruned=True)``)."""

    def __init__(self, reason: Optional[str]) -> None:
        self.reason = reason
        super().__init__(reason or "pruned")


_PROBLEMS = {
    "urn:rectune:problem:lease-lost": LeaseLost,
    "urn:rectune:problem:budget-spent": BudgetSpent,
}


@dataclass
class Trial:
    """One trial held by this client under ``attempt``, until ``lease_until`` unless a report renews it."""

    study: "Study" = field(repr=False)
    id: int
    number: int
    params: Params
    attempt: int
    lease_until: str
    pruned: bool = False
    prune_reason: Optional[str] = None
    done: bool = False
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)

    def _keep_alive(self) -> None:
        """Renews the lease from a daemon thread every third of its length, so a long epoch keeps the trial."""
        until = datetime.fromisoformat(self.lease_until.replace("Z", "+00:00"))
        every = max(0.5, (until - datetime.now(timezone.utc)).total_seconds() / 3)

        def beat() -> None:
            while not self._stop.wait(every):
                try:
                    self.lease_until = self.study._post(f"/v1/trials/{self.id}/heartbeat", {"attempt": self.attempt})["leaseUntil"]
                except LeaseLost:
                    return
                except (OSError, RectuneError):
                    continue  # a missed beat; the next report or beat renews the lease

        threading.Thread(target=beat, name=f"rectune-lease-{self.id}", daemon=True).start()

    def _end(self) -> None:
        self.done = True
        self._stop.set()

    def report(self, step: int, metrics: Metrics, *, raise_pruned: bool = False) -> bool:
        """Stores step ``step``'s metrics (the objective's among them) and renews the lease (a background
        thread also renews it between reports, for as long as the trial is held).

        Returns True when the study's pruner stopped the trial (it is then recorded PRUNED with this
        step's value: stop training, do not tell), or raises TrialPruned with ``raise_pruned=True``.
        """
        answer = self.study._post(
            f"/v1/trials/{self.id}/report",
            {"attempt": self.attempt, "step": step, "metrics": dict(metrics)},
        )
        self.lease_until = answer["leaseUntil"]
        if answer["prune"]:
            self.pruned, self.prune_reason = True, answer.get("reason")
            self._end()
            if raise_pruned:
                raise TrialPruned(self.prune_reason)
        return self.pruned

    def tell(self, values: Union[float, Sequence[float]], metrics: Optional[Metrics] = None) -> None:
        """Records the result: the objective value (a list for several objectives), with metrics to keep."""
        body: Dict[str, Any] = {"attempt": self.attempt, "values": values if isinstance(values, (int, float)) else list(values)}
        if metrics:
            body["metrics"] = dict(metrics)
        try:
            self.study._post(f"/v1/trials/{self.id}/tell", body)
        finally:
            self._end()

    def fail(self, error: str) -> None:
        """Records the attempt as FAILED with ``error`` (the trial is not retried)."""
        try:
            self.study._post(f"/v1/trials/{self.id}/tell", {"attempt": self.attempt, "state": "FAILED", "error": error[:10000]})
        finally:
            self._end()


class Study:
    """A study on a rectune API whose trials this process runs (``target: { kind: external }``)."""

    def __init__(
        self,
        url: str,
        key: Optional[str] = None,
        id: int = 0,
        *,
        client: Optional[str] = None,
        timeout: float = 30.0,
    ) -> None:
        if id <= 0:
            raise ValueError("id: the study's id (a positive integer)")
        self.url = url.rstrip("/")
        self.key = key if key is not None else os.environ.get("RECTUNE_API_KEY")
        self.id = id
        self.client = client or f"{socket.gethostname()}:{os.getpid()}"
        self.timeout = timeout

    @classmethod
    def create(cls, url: str, spec: Mapping[str, Any], key: Optional[str] = None, **options: Any) -> "Study":
        """Submits a study spec (``POST /v1/studies``) and returns the study to run its trials."""
        probe = cls(url, key, 1, **options)
        created = probe._post("/v1/studies", spec)
        return cls(url, key, int(created["id"]), **options)

    def ask(self) -> Optional[Trial]:
        """The next trial for this client, or None once the study's budget is handed out."""
        try:
            answer = self._post(f"/v1/studies/{self.id}/trials:ask", {"client": self.client})
        except BudgetSpent:
            return None
        trial = Trial(
            study=self,
            id=answer["trial"],
            number=answer["number"],
            params=answer["params"],
            attempt=answer["attempt"],
            lease_until=answer["leaseUntil"],
        )
        trial._keep_alive()
        return trial

    def trials(self, *, poll: float = 1.0) -> Iterator[Trial]:
        """Asks for trials until the study has none left to give.

        Once the budget is handed out, trials still held by other clients may come back (a client that
        died loses its lease): while the study runs with trials in flight, this waits ``poll`` seconds
        and asks again, so the last client standing finishes them.
        """
        while True:
            trial = self.ask()
            if trial is not None:
                yield trial
                continue
            summary = self.summary()
            in_flight = summary["counts"]["RUNNING"] + summary["counts"]["WAITING"]
            if summary["status"] != "RUNNING" or in_flight == 0:
                return
            time.sleep(poll)

    def optimize(self, objective: Callable[[Trial], Union[float, Sequence[float]]]) -> int:
        """Runs ``objective`` on trials until the budget is handed out; returns how many it ran.

        TrialPruned ends a trial as pruned; any other exception records the trial FAILED and is raised.
        """
        ran = 0
        for trial in self.trials():
            ran += 1
            try:
                value = objective(trial)
            except TrialPruned:
                continue
            except BaseException as error:
                if not trial.done:
                    trial.fail(f"{type(error).__name__}: {error}")
                raise
            if not trial.done:
                trial.tell(value)
        return ran

    def enqueue(self, params: Params) -> int:
        """Adds a configuration of your choice (checked against the space); returns its trial number."""
        return int(self._post(f"/v1/studies/{self.id}/trials", {"params": params})["number"])

    def summary(self) -> Dict[str, Any]:
        """The study's status, trial counts by state and best trial (``GET /v1/studies/:id``)."""
        return self._request("GET", f"/v1/studies/{self.id}", None)

    def leaderboard(self, limit: int = 10) -> Dict[str, Any]:
        return self._request("GET", f"/v1/studies/{self.id}/leaderboard?limit={limit}", None)

    def _post(self, path: str, body: Mapping[str, Any]) -> Dict[str, Any]:
        return self._request("POST", path, body)

    def _request(self, method: str, path: str, body: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
        headers = {"accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["content-type"] = "application/json"
        if self.key:
            headers["authorization"] = f"Bearer {self.key}"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                problem = json.loads(raw)
            except ValueError:
                problem = {"detail": raw.decode(errors="replace")[:500]}
            raise _PROBLEMS.get(problem.get("type"), RectuneError)(error.code, problem) from None
