"""Personal API tokens: make, list, revoke (`app/services/api_tokens.py`). Only a signed-in
session manages them; a caller who came with an API token is refused here (and only here)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.api.deps import CurrentUser, RuntimeDep
from app.api.errors import error_responses
from app.api.schemas import ApiTokenCreate, ApiTokenCreated, ApiTokenInfo
from app.auth import AuthUser
from app.errors import ForbiddenError
from app.services import api_tokens as service

router = APIRouter(prefix="/api", tags=["tokens"])


async def _session_user(user: CurrentUser) -> AuthUser:
    if user.via_api_token:
        raise ForbiddenError("API tokens cannot manage API tokens; sign in to the web app.")
    return user


SessionUser = Annotated[AuthUser, Depends(_session_user)]


@router.post(
    "/tokens",
    status_code=201,
    response_model=ApiTokenCreated,
    responses=error_responses(400, 401, 403),
    summary="Make a personal API token; its secret is in this answer only",
)
async def create_token(body: ApiTokenCreate, user: SessionUser, rt: RuntimeDep) -> ApiTokenCreated:
    token, secret = await service.create(rt, user, body.name)
    return ApiTokenCreated(id=token.id, name=token.name, token=secret, created_at=token.created_at)


@router.get(
    "/tokens",
    response_model=list[ApiTokenInfo],
    responses=error_responses(401, 403),
    summary="Your personal API tokens (no secrets)",
)
async def list_tokens(user: SessionUser, rt: RuntimeDep) -> list[ApiTokenInfo]:
    return [
        ApiTokenInfo.model_validate(t, from_attributes=True)
        for t in await service.list_tokens(rt, user)
    ]


@router.delete(
    "/tokens/{token_id}",
    status_code=204,
    responses=error_responses(401, 403, 404),
    summary="Revoke a personal API token; it is refused from now on",
)
async def revoke_token(token_id: str, user: SessionUser, rt: RuntimeDep) -> Response:
    await service.revoke(rt, user, token_id)
    return Response(status_code=204)
