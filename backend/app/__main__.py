"""`python -m app` serves the API; `python -m app sweep` runs one recovery sweep and exits."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

import uvicorn

from app.config import get_settings
from app.logs import setup_logging


def _exit_normally(*_: object) -> None:
    raise SystemExit(0)


async def _sweep_once() -> None:
    from app.main import lifespan_runtime

    settings = get_settings()
    settings.recovery_interval_s = 0  # no background loop: one sweep, then wait for its jobs
    async with lifespan_runtime(settings) as rt:
        report = await rt.sweeper.sweep_once()
        print(f"recovered: {len(report.requeued_ocr)} OCR, {len(report.requeued_metadata)} "
              f"metadata; failed: {len(report.failed)}")
        while rt.jobs.active:
            await asyncio.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "sweep"])
    args = parser.parse_args()
    settings = get_settings()
    setup_logging(settings.log_level, settings.log_format)
    if args.command == "sweep":
        asyncio.run(_sweep_once())
        return
    from app.main import create_app

    # uvicorn shuts down gracefully on Ctrl-C or SIGTERM, then re-raises the signal: exit
    # normally then (no traceback; atexit cleanup such as multiprocessing's temp dir still runs).
    signal.signal(signal.SIGTERM, _exit_normally)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port,
                    log_level=settings.log_level.lower(), timeout_graceful_shutdown=3,
                    log_config=None, access_log=settings.access_log)


if __name__ == "__main__":
    main()
