"""Shared pieces: result rows, percentiles, the results table."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass
class Row:
    """One measured number. With a `target` it passes or is MISSED; without, it is context."""

    name: str
    label: str
    value: float
    unit: str
    target: float | None = None
    better: Literal["lower", "higher"] = "lower"
    note: str = ""

    @property
    def status(self) -> str:
        if self.target is None:
            return "info"
        ok = self.value <= self.target if self.better == "lower" else self.value >= self.target
        return "ok" if ok else "MISSED"

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        return f"{'≤' if self.better == 'lower' else '≥'} {fmt(self.target)} {self.unit}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


@dataclass
class Section:
    """What one benchmark module returns: its rows, or the error that stopped it."""

    name: str
    rows: list[Row] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def fmt(value: float) -> str:
    if value == 0 or math.isnan(value):
        return str(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was actually observed."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_rows(
    prefix: str,
    label: str,
    samples_ms: Sequence[float],
    target_p99: float | None,
    note: str = "",
    quantiles: Iterable[int] = (50, 95, 99),
) -> list[Row]:
    """p50/p95/p99 rows for latency samples in ms; only p99 carries the target."""
    rows = []
    for q in quantiles:
        rows.append(
            Row(
                f"{prefix}_p{q}",
                f"{label} p{q}",
                percentile(samples_ms, q),
                "ms",
                target=target_p99 if q == 99 else None,
                note=note if q == 99 else "",
            )
        )
    return rows


def render_table(sections: Sequence[Section]) -> str:
    """A plain-text table: measure, target, measured, status; notes underneath."""
    header = ("Measure", "Target", "Measured", "Status")
    lines: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    for section in sections:
        if section.error:
            lines.append((f"{section.name}: benchmark failed", "-", "-", "ERROR"))
            notes.append(f"{section.name}: {section.error}")
        for row in section.rows:
            lines.append((row.label, row.target_text(), f"{fmt(row.value)} {row.unit}", row.status))
            if row.note:
                notes.append(f"{row.label}: {row.note}")
    widths = [
        max(len(h), *(len(r[i]) for r in lines)) if lines else len(h) for i, h in enumerate(header)
    ]
    out = [
        " | ".join(h.ljust(w) for h, w in zip(header, widths)),
        "-+-".join("-" * w for w in widths),
    ]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in lines]
    if notes:
        out += ["", "Notes:"] + [f"  - {n}" for n in notes]
    return "\n".join(out)
