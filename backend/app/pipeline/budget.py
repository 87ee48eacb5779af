"""`Budget`: the time one Cloud Task delivery has, and whether a step still fits in it.

Cloud Tasks counts an attempt as failed once its dispatch deadline passes, and delivers the
task again — while the first run may still be going. So a delivery never starts a step it could
not finish before the deadline: its clock starts when the request arrives (waiting for an OCR
or metadata slot counts), a step may take up to its own time limit (`OCR_TIMEOUT_S`,
`METADATA_TIMEOUT_S`), and `margin_s` is kept for the writes after it and for handing the rest
back as a new task (one task create, `CLOUD_TASKS_TIMEOUT_S`). In-process runs have no budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Budget:
    deadline_s: float  # the task's dispatch deadline
    margin_s: float  # kept back after the last step: its writes, a hand-back, the answer
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def spare(self, step_s: float) -> float:
        """Seconds this delivery may still wait before a step of `step_s` no longer fits
        (negative: it does not fit now)."""
        return self.deadline_s - self.margin_s - step_s - self.elapsed()

    def fits(self, step_s: float) -> bool:
        return self.spare(step_s) >= 0
