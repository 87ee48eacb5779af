"""The composition root: the FastAPI application and its lifespan (the `Runtime`, then the
`Pipeline` built from it)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api import documents, events, metadata, search, system, tokens
from app.api.docs import install_offline_docs
from app.api.errors import install_error_handlers
from app.api.guards import Admission, RequestGuard
from app.auth import TokenVerifier
from app.auth.api_tokens import ApiTokenVerifier
from app.auth.local import LocalTokens, load_or_create_secret
from app.config import Settings, get_settings
from app.http_server import redact_access_log
from app.inbound import open_inbound
from app.metadata import build_metadata_agent
from app.ocr import build_ocr_engine
from app.ocr.local_worker import init_worker
from app.pipeline.pipeline import Pipeline, open_pipeline
from app.runtime import Runtime
from app.store.changes import ChangeFeed
from app.store.database import apply_schema, create_pool, is_hosted_supabase
from app.store.files import FileStorage, LocalFileStorage
from app.store.local_postgres import LocalPostgres
from app.workers import Budget, WorkerPool

log = logging.getLogger("app")


def _storage(settings: Settings) -> FileStorage:
    if settings.storage_provider == "supabase":
        from app.store.supabase_files import SupabaseFileStorage

        return SupabaseFileStorage(settings)
    return LocalFileStorage(settings.data_dir / "files")


def _tokens(settings: Settings) -> tuple[TokenVerifier, LocalTokens | None]:
    if settings.auth_provider == "supabase":
        from app.auth.supabase import SupabaseTokens

        return SupabaseTokens(settings), None
    local = LocalTokens(load_or_create_secret(settings.data_dir))
    return local, local


@contextlib.asynccontextmanager
async def lifespan_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Build everything a process needs, and take it down in reverse order."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with contextlib.AsyncExitStack() as stack:
        dsn = settings.database_url
        own_cluster = not dsn
        if own_cluster:
            cluster = LocalPostgres(settings.data_dir)
            dsn = await asyncio.to_thread(cluster.start)
            stack.callback(cluster.stop)
        pool = await create_pool(dsn, settings)
        stack.push_async_callback(pool.close)
        async with pool.acquire() as conn:
            if settings.migrate_on_start and not await is_hosted_supabase(conn):
                await apply_schema(conn)
        job_pool = await create_pool(
            dsn, settings, size=settings.database_job_pool_size, background=own_cluster
        )
        stack.push_async_callback(job_pool.close)
        workers = WorkerPool(
            settings.ocr_concurrency,
            Budget(
                cpu_s=settings.ocr_task_cpu_s,
                memory_mb=settings.ocr_task_memory_mb,
                timeout_s=settings.ocr_task_timeout_s,
            ),
            spare=settings.ocr_spare_workers,
            initializer=init_worker,
        )
        stack.callback(workers.shutdown)
        if settings.ocr_provider == "local":
            await workers.warm()
        ocr = build_ocr_engine(settings, workers)
        stack.push_async_callback(ocr.aclose)
        sessions, local_tokens = _tokens(settings)
        tokens = ApiTokenVerifier(pool, sessions)  # `dst_…` from the database, else a session
        feed = ChangeFeed(dsn, pool)
        await feed.start()
        stack.push_async_callback(feed.stop)
        storage = _storage(settings)
        if hasattr(storage, "aclose"):
            stack.push_async_callback(storage.aclose)
        rt = Runtime(
            settings=settings,
            pool=pool,
            job_pool=job_pool,
            storage=storage,
            workers=workers,
            ocr=ocr,
            metadata=build_metadata_agent(settings, workers),
            tokens=tokens,
            feed=feed,
            local_tokens=local_tokens,
        )
        rt.loop_lag.start()
        stack.push_async_callback(rt.loop_lag.stop)
        yield rt


@contextlib.asynccontextmanager
async def lifespan_pipeline(settings: Settings) -> AsyncIterator[Pipeline]:
    """The whole process: the runtime, then the pipeline built from it (taken down first)."""
    async with lifespan_runtime(settings) as rt, open_pipeline(rt) as pipeline:
        log.info(
            "Docstream ready: ocr=%s metadata=%s storage=%s auth=%s dispatch=%s sweep=%s worker=%s",
            settings.ocr_provider,
            settings.metadata_provider,
            settings.storage_provider,
            settings.auth_provider,
            settings.task_dispatch,
            f"every {settings.recovery_interval_s:g}s"
            if settings.recovery_interval_s > 0
            else "on request",
            rt.worker_id,
        )
        yield pipeline
        log.info("shutting down: no new work; letting running jobs finish")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with lifespan_pipeline(settings) as pipeline, open_inbound(pipeline):
            app.state.runtime = pipeline.rt
            app.state.pipeline = pipeline
            yield

    app = FastAPI(
        title="Docstream API",
        version="0.1.0",
        summary="Upload documents; OCR and metadata arrive in the background, live.",
        lifespan=lifespan,
        docs_url=None,  # install_offline_docs serves /docs without a CDN
        redoc_url=None,  # ReDoc has no offline build here; /docs is the one reference page
    )
    # Inside CORS, so a browser can read a refusal (401, 429, 503) instead of a network error:
    # foreign Hosts, overload, missing tokens and oversized or slow bodies never reach a route.
    app.state.admission = Admission(settings)  # health reads it: are requests being refused?
    app.add_middleware(RequestGuard, settings=settings, admission=app.state.admission)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[o.strip() for o in settings.cors_origins.split(",") if o.strip()],
        # Any local port: `make run` and the browser tests pick their ports.
        allow_origin_regex=r"https?://(localhost|127\.0\.0\.1)(:\d+)?",
        allow_methods=["*"],
        allow_headers=["*"],
        # The web app names downloads (exports, text) as the API does: it must read this.
        expose_headers=["Content-Disposition"],
    )
    redact_access_log()
    install_error_handlers(app)
    install_offline_docs(app)
    app.include_router(system.router)
    app.include_router(events.router)  # before documents: /documents/events is not an id
    app.include_router(search.router)  # before documents: /documents/export is not an id
    app.include_router(documents.router)
    app.include_router(metadata.router)
    app.include_router(tokens.router)
    if settings.task_dispatch == "cloud_tasks":
        # Only then: in the default mode nobody can make this process run a job over HTTP,
        # and the public API (and its schema) stays exactly as it was.
        from app.api import tasks
        from app.auth.oidc import GoogleOidcVerifier

        app.state.task_verifier = GoogleOidcVerifier.from_settings(settings)
        app.include_router(tasks.router)
    return app
