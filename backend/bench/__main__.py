"""`python -m bench [--quick] [--only NAME ...] [--json PATH]`: run, print the table, save JSON.

Each benchmark runs on its own (the API ones on their own API process and database) and a
failing one is reported as ERROR without stopping the others. Exit status: 0 when every
benchmark ran, even if targets were MISSED (benchmarks report, they do not gate); 1 when a
benchmark itself failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    fairness,
    long_scan,
    loop_lag,
    ocr_throughput,
    scan_vs_cli,
    search,
    status_events,
    upload_ack,
    upload_floor,
    upload_open_loop,
)
from bench.common import Row, Section, render_table

BENCHMARKS: dict[str, Callable[[bool], Awaitable[list[Row]]]] = {
    "upload": upload_ack.measure,  # targets 1 and 5 (memory is sampled meanwhile)
    "upload-open": upload_open_loop.measure,  # target 1 at a steady pace (open loop)
    "upload-floor": upload_floor.measure,  # ack p99 within 1.5x of the floor at 12 and 30/s
    "loop-lag": loop_lag.measure,  # target 2
    "status-events": status_events.measure,  # target 3
    "ocr": ocr_throughput.measure,  # target 4
    "scan-cli": scan_vs_cli.measure,  # scans against `tesseract` itself (issue 22)
    "search": search.measure,  # search p95 over 10,000 documents (docs/search.md)
    "fairness": fairness.measure,  # another user's scan beside hostile uploads (docs/benchmarks.md)
    "long-scan": long_scan.measure,  # a 300-page scan end to end, CLI beside it (issue 23)
}
ALIASES = {"memory": "upload"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a smoke run (~1 min)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        choices=[*BENCHMARKS, *ALIASES],
        help=f"run only this benchmark (repeatable): {', '.join(BENCHMARKS)}, or memory (= upload)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results here")
    return parser.parse_args(argv)


async def run_one(name: str, quick: bool) -> Section:
    print(f"bench: {name}{' (quick)' if quick else ''} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    section = Section(name)
    try:
        section.rows = await BENCHMARKS[name](quick)
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        section.error = f"{type(exc).__name__}: {str(exc)[:500]}"
    section.seconds = time.perf_counter() - started
    print(f"bench: {name} done in {section.seconds:.1f}s", file=sys.stderr, flush=True)
    return section


def report(sections: list[Section], quick: bool) -> dict[str, object]:
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "host": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_1m": os.getloadavg()[0],
        },
        "benchmarks": [
            {
                "name": s.name,
                "seconds": round(s.seconds, 1),
                "error": s.error,
                "results": [r.as_dict() for r in s.rows],
            }
            for s in sections
        ],
        "missed": [r.name for s in sections for r in s.rows if r.status == "MISSED"],
    }


async def main(argv: list[str]) -> int:
    args = parse_args(argv)
    names = list(dict.fromkeys(ALIASES.get(n, n) for n in (args.only or BENCHMARKS)))
    sections = [await run_one(name, args.quick) for name in names]

    print()
    print(render_table(sections))
    data = report(sections, args.quick)
    missed, errors = data["missed"], [s.name for s in sections if s.error]
    print()
    if missed:
        print(f"MISSED {len(missed)} target(s): {', '.join(missed)}")  # type: ignore[arg-type]
    else:
        print("All measured targets met.")
    if errors:
        print(f"ERROR: benchmark(s) failed to run: {', '.join(errors)}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        print(f"Results written to {args.json}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
