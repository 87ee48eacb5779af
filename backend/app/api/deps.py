"""Typed dependencies: handlers declare what they need (the runtime, the pipeline, the user),
read from `app.state`, where the lifespan (`app/main.py`) put them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.auth import AuthUser
from app.auth.users import ensure_exists
from app.errors import UnauthorizedError
from app.pipeline.pipeline import Pipeline
from app.runtime import Runtime

_bearer = HTTPBearer(auto_error=False, description="A Supabase or local access token (JWT).")


async def get_runtime(request: Request) -> Runtime:
    # `async` on purpose: FastAPI runs a plain `def` dependency in its thread pool, a thread
    # hop (and a GIL handoff) on every request for what is an attribute read.
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_pipeline(request: Request) -> Pipeline:
    return request.app.state.pipeline


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]


async def get_current_user(
    rt: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthUser:
    if credentials is None or not credentials.credentials:
        raise UnauthorizedError(
            "Sign in first: this endpoint needs an Authorization: Bearer token."
        )
    return await ensure_exists(rt.pool, await rt.tokens.verify(credentials.credentials))


CurrentUser = Annotated[AuthUser, Depends(get_current_user)]


async def get_stream_user(
    request: Request,
    rt: RuntimeDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AuthUser:
    """For EventSource, which cannot send headers: the token may come as `?access_token=`."""
    token = credentials.credentials if credentials else request.query_params.get("access_token")
    if not token:
        raise UnauthorizedError("Sign in first: pass a bearer token or ?access_token=.")
    return await ensure_exists(rt.pool, await rt.tokens.verify(token))


StreamUser = Annotated[AuthUser, Depends(get_stream_user)]
