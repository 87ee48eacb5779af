"""Typed dependencies: handlers declare what they need (the runtime, the pipeline, the user),
read from `app.state`, where the lifespan (`app/main.py`) put them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.guards import NO_STREAM_TOKEN, NO_TOKEN, bearer_token, verified_user
from app.auth import AuthUser
from app.auth.users import ensure_exists
from app.errors import UnauthorizedError
from app.pipeline.pipeline import Pipeline
from app.runtime import Runtime

_bearer = HTTPBearer(
    auto_error=False,
    description="A session (a Supabase or local access token) or a personal API token (dst_…).",
)


async def get_runtime(request: Request) -> Runtime:
    # `async` on purpose: FastAPI runs a plain `def` dependency in its thread pool, a thread
    # hop (and a GIL handoff) on every request for what is an attribute read.
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]


async def _user(request: Request, rt: Runtime, token: str) -> AuthUser:
    # The request guard verified this token before the body was read; verify only what it
    # has not seen (a route mounted without the guard, as some tests do).
    user = verified_user(request.scope, token) or await rt.tokens.verify(token)
    return await ensure_exists(rt.pool, user)


async def get_current_user(
    request: Request,
    rt: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthUser:
    """From the `Authorization` header only (a token in a URL ends up in logs and history)."""
    if credentials is None or not credentials.credentials:
        raise UnauthorizedError(NO_TOKEN)
    return await _user(request, rt, credentials.credentials)


CurrentUser = Annotated[AuthUser, Depends(get_current_user)]


async def get_stream_user(
    request: Request,
    rt: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthUser:
    """For EventSource, which cannot send headers: the token may come as `?access_token=`
    (spelled exactly so; `bearer_token` says why)."""
    token = credentials.credentials if credentials else bearer_token(request.scope, True)
    if not token:
        raise UnauthorizedError(NO_STREAM_TOKEN)
    return await _user(request, rt, token)


StreamUser = Annotated[AuthUser, Depends(get_stream_user)]
