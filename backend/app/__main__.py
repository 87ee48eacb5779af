"""`python -m app` serves the API; `python -m app sweep` runs one recovery sweep and exits."""

from __future__ import annotations

import argparse
import asyncio
import logging

import uvicorn

from app.config import get_settings
from app.logs import ContextFilter


def _logging(level: str) -> None:
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(prefix)s%(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(ContextFilter())


async def _sweep_once() -> None:
    from app.main import lifespan_runtime
    from app.pipeline.recovery import ON_DEMAND_BUDGET_S

    settings = get_settings()
    settings.recovery_interval_s = 0  # no background loop: one sweep, then wait for its jobs
    async with lifespan_runtime(settings) as rt:
        report = await rt.sweeper.sweep_once(deadline_s=ON_DEMAND_BUDGET_S, max_batches=None)
        print(f"recovered: {len(report.requeued_ocr)} OCR, {len(report.requeued_metadata)} "
              f"metadata; failed: {len(report.failed)}; deferred: {len(report.deferred)}")
        while rt.jobs.active:
            await asyncio.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "sweep"])
    args = parser.parse_args()
    settings = get_settings()
    _logging(settings.log_level)
    if args.command == "sweep":
        asyncio.run(_sweep_once())
        return
    from app.main import create_app

    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port,
                log_level=settings.log_level.lower(), timeout_graceful_shutdown=3,
                log_config=None)


if __name__ == "__main__":
    main()
