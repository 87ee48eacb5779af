"""Health, the client's limits, and local sign-in."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.api.deps import CurrentUser, PipelineDep, RuntimeDep
from app.api.errors import error_responses
from app.api.guards import Admission, is_allowed_peer
from app.api.schemas import (
    AcceptedType,
    ClientConfig,
    Health,
    LocalTokenRequest,
    LocalTokenResponse,
    OcrLanguage,
)
from app.errors import ForbiddenError, NotFoundError
from app.ingest import ACCEPTED_TYPES, SUPPORTED_TYPES
from app.services import documents as documents_service
from app.store import documents as store
from app.store.database import ping
from app.store.users import get_or_create_user

router = APIRouter(prefix="/api", tags=["system"])
log = logging.getLogger(__name__)


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(request: Request, pipeline: PipelineDep) -> JSONResponse:
    """200 when this process serves requests; 503 (`unavailable`) when its database is down,
    or while requests are being refused for lack of slots (`HTTP_MAX_REQUESTS`): a load
    balancer should send traffic elsewhere then."""
    rt = pipeline.rt
    database: Literal["ok", "down"] = "ok"
    try:
        async with asyncio.timeout(2):
            await ping(rt.pool)
    except Exception:
        database = "down"
    last = pipeline.sweeper.last
    admission: Admission | None = getattr(request.app.state, "admission", None)
    saturated = admission is not None and admission.saturated()
    body = Health(
        status="ok" if database == "ok" and not saturated else "unavailable",
        database=database,
        ocr_provider=rt.settings.ocr_provider,
        metadata_provider=rt.settings.metadata_provider,
        storage_provider=rt.settings.storage_provider,
        auth_provider=rt.settings.auth_provider,
        jobs_running=pipeline.queue.active,
        event_loop_lag=rt.loop_lag.summary(),
        recovery={
            "runs": pipeline.sweeper.runs,
            "last_run_at": last.finished_at.isoformat() if last and last.finished_at else None,
            "last_recovered": last.total if last else 0,
        },
    )
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)


@router.get("/config", response_model=ClientConfig, responses=error_responses(401))
async def client_config(user: CurrentUser, rt: RuntimeDep) -> ClientConfig:
    """What the web app checks before sending a file and shows beside the dropzone."""
    return ClientConfig(
        max_upload_bytes=rt.settings.max_upload_bytes,
        accepted_types=[
            AcceptedType(mime_type=mime, name=name, extensions=list(exts))
            for mime, (name, exts) in ACCEPTED_TYPES.items()
        ],
        accepted_types_text=SUPPORTED_TYPES,
        monthly_quota=rt.settings.usage_limit_per_month,
        used_this_month=await store.quota_used(rt.pool, user.id),
        max_attempts=rt.settings.max_retries + 1,
        ocr_languages=[
            OcrLanguage(code=code, name=name)
            for code, name in documents_service.reading_languages(rt)
        ],
    )


@router.post(
    "/auth/local-token", response_model=LocalTokenResponse, responses=error_responses(403, 404)
)
async def local_token(
    body: LocalTokenRequest, request: Request, rt: RuntimeDep
) -> LocalTokenResponse:
    """Local mode only: sign in with just an email (no password: it is your laptop), so only
    from this machine (loopback peers; the Host allow-list is checked for every route)."""
    if rt.local_tokens is None:
        raise NotFoundError("Local sign-in is off; sign in with Supabase Auth.")
    peer = request.client.host if request.client else None
    if not is_allowed_peer(peer, rt.settings.local_sign_in_peers):
        log.warning("refused local sign-in from %s: not a local peer", peer)
        raise ForbiddenError("Local sign-in works only from this machine.")
    user_id = await get_or_create_user(rt.pool, body.email)
    return LocalTokenResponse(
        access_token=rt.local_tokens.mint(user_id, body.email),
        user_id=uuid.UUID(user_id),
        email=body.email,
    )
