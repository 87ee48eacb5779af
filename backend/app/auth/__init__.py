"""Who is calling: bearer-token verification behind one interface.

Local mode mints and verifies HS256 tokens itself (`local.py`); Supabase mode verifies Supabase
Auth access tokens against the project's JWKS or legacy HS256 secret (`supabase.py`); in both
modes a personal API token (`dst_…`, `api_tokens.py`) is looked up in the database. The API
depends only on `TokenVerifier`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AuthUser:
    id: str  # uuid as text; the `sub` claim
    email: str | None = None
    # Signed in with a personal API token (`app/auth/api_tokens.py`), not a session: such a
    # caller may do everything but manage tokens (a leaked token cannot mint more).
    via_api_token: bool = False


class TokenVerifier(Protocol):
    async def verify(self, token: str) -> AuthUser:
        """Return the caller, or raise `app.errors.UnauthorizedError` with a human detail."""
        ...
