"""Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff
and Jitter"): after the n-th failure in a row wait a uniformly random time between 0
and min(cap, base · 2ⁿ⁻¹), so fifty village stations that lost the line at the same
moment do not all come back at the same moment."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base: float = 2.0  # seconds
    cap: float = 300.0  # five minutes
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, failures: int) -> float:
        """The longest wait after ``failures`` failures in a row (at least one)."""
        exponent = min(max(failures, 1) - 1, 30)  # 2**30 · base is past any cap
        return float(min(self.cap, self.base * 2**exponent))

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait. A hub's ``Retry-After`` is honoured: never less, plus a little
        jitter so the stations it told the same thing do not return in step."""
        if retry_after is not None:
            return retry_after + self.rng.uniform(0.0, self.base)
        return self.rng.uniform(0.0, self.ceiling(failures))
