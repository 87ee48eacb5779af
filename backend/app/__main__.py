"""`python -m app` serves the API; `python -m app sweep` runs one recovery sweep and exits."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import signal
import socket
import sys

import uvicorn
from pydantic import ValidationError

from app.config import describe_invalid, get_settings
from app.logs import setup_logging

# The exit status when the API's port is taken (EADDRINUSE): scripts/run.sh does not restart an
# API that exits with it.
PORT_IN_USE_STATUS = 98


def _exit_normally(*_: object) -> None:
    raise SystemExit(0)


def _port_in_use(host: str, port: int) -> bool:
    """Whether another program holds the port, checked before anything starts: uvicorn binds
    only after the start-up (database, migrations, workers), and a health check sent meanwhile
    would reach the other program."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


async def _sweep_once() -> None:
    from app.main import lifespan_pipeline
    from app.pipeline.recovery import ON_DEMAND_BUDGET_S

    settings = get_settings()
    settings.recovery_interval_s = 0  # no background loop: one sweep, then wait for its jobs
    async with lifespan_pipeline(settings) as pipeline:
        report = await pipeline.sweeper.sweep_once(deadline_s=ON_DEMAND_BUDGET_S, max_batches=None)
        print(
            f"recovered: {len(report.requeued_ocr)} OCR, {len(report.requeued_metadata)} "
            f"metadata; failed: {len(report.failed)}; deferred: {len(report.deferred)}"
        )
        while pipeline.queue.active:  # noqa: ASYNC110 - a one-off command polling its own queue
            await asyncio.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "sweep"])
    args = parser.parse_args()
    try:
        settings = get_settings()
    except ValidationError as exc:  # one clear line, not a traceback; exit status 2 (usage)
        print(f"docstream: {describe_invalid(exc)}", file=sys.stderr)
        sys.exit(2)
    setup_logging(settings.log_level, settings.log_format)
    if args.command == "sweep":
        asyncio.run(_sweep_once())
        return
    if _port_in_use(settings.api_host, settings.api_port):
        logging.getLogger("app").error(
            "port %d is already in use by another program; stop it, or set API_PORT to a free port",
            settings.api_port,
        )
        sys.exit(PORT_IN_USE_STATUS)
    from app import cpu_lane
    from app.http_server import bounded_h11, connection_cap, raise_open_file_limit
    from app.main import create_app

    open_files = raise_open_file_limit()
    max_connections = connection_cap(settings.http_max_connections, open_files)
    logging.getLogger("app").info(
        "HTTP limits: %d connections (open files %d), %d per address, headers %d bytes "
        "within %.0f s, bodies within %.0f s per read and %.0f s + their size at %d bytes/s, "
        "%d requests in flight (%d per user, %d per address before sign-in)",
        max_connections,
        open_files,
        settings.http_max_connections_per_ip,
        settings.http_max_header_bytes,
        settings.http_header_timeout_s,
        settings.http_body_timeout_s,
        settings.http_body_deadline_s,
        settings.http_body_min_rate_bps,
        settings.http_max_requests,
        settings.http_max_requests_per_user,
        settings.http_max_requests_per_ip,
    )
    # h11 rather than httptools: it caps the header size, and `bounded_h11` adds the header
    # deadline and the connection cap (see app/http_server.py).
    # uvicorn shuts down gracefully on Ctrl-C or SIGTERM, then re-raises the signal: exit
    # normally then (no traceback; atexit cleanup such as multiprocessing's temp dir still runs).
    signal.signal(signal.SIGTERM, _exit_normally)
    app = create_app(settings)
    cpu_lane.favour_the_event_loop()  # everything is imported: freeze it, then serve
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(
            app,
            host=settings.api_host,
            port=settings.api_port,
            log_level=settings.log_level.lower(),
            timeout_graceful_shutdown=3,
            log_config=None,
            access_log=settings.access_log,
            http=bounded_h11(
                settings.http_header_timeout_s,
                max_connections,
                settings.http_max_header_bytes,
                settings.http_max_connections_per_ip,
            ),
            h11_max_incomplete_event_size=settings.http_max_header_bytes,
            timeout_keep_alive=settings.http_keepalive_s,
            backlog=2048,
        )


if __name__ == "__main__":
    main()
