"""How a run of a job ended, in the terms a dispatcher acts on (Cloud Tasks: 200 or 503)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain import Job


class TaskOutcome(StrEnum):
    SUCCEEDED = "succeeded"  # done
    SKIPPED = "skipped"  # nothing to do: a duplicate delivery, already done, or taken over
    FAILED = "failed"  # failed for good; the document says why
    RETRY = "retry"  # transient failure, handed back: deliver it again later
    # Not enough of the delivery's deadline left for the next step: the job continues as a
    # new task (`pipeline/budget.py`); this delivery is done.
    HANDED_BACK = "handed_back"


@dataclass(frozen=True)
class TaskResult:
    outcome: TaskOutcome
    retry_after_s: float | None = None
    detail: str = ""
    # Jobs this run created that the caller dispatches now (a long document's page ranges).
    follow_ups: tuple[Job, ...] = ()


SKIPPED = TaskResult(TaskOutcome.SKIPPED)
