"""Measuring, printing measured beside target, and writing bench-results.json."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: float
    higher_is_better: bool
    detail: str = ""

    @property
    def met(self) -> bool:
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def line(self) -> str:
        op = "≥" if self.higher_is_better else "≤"
        mark = "MET" if self.met else "MISSED"
        return (
            f"{self.name:<58} {self.value:>12,.2f} {self.unit:<8} target {op} "
            f"{self.target:,.2f} {self.unit:<8} {mark}  {self.detail}"
        )


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


class Report:
    def __init__(self) -> None:
        self.results: list[Result] = []

    def add(self, result: Result) -> None:
        self.results.append(result)
        print(result.line(), flush=True)

    def write(self, path: Path) -> None:
        rows = [{**asdict(r), "met": r.met} for r in self.results]
        path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
