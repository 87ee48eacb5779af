"""Local-mode auth: HS256 tokens minted by the API itself.

The secret is generated once into DATA_DIR (0600) so tokens survive restarts. Users are created
in `auth.users` on demand, which is what Supabase Auth would do on sign-up.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import jwt

from app.auth import AuthUser
from app.errors import UnauthorizedError

ISSUER = "docstream-local"
AUDIENCE = "authenticated"
TOKEN_TTL_S = 7 * 24 * 3600


def load_or_create_secret(data_dir: Path) -> str:
    path = data_dir / "jwt_secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_urlsafe(48))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()


class LocalTokens:
    def __init__(self, secret: str) -> None:
        self._secret = secret

    def mint(self, user_id: str, email: str) -> str:
        now = int(time.time())
        claims = {
            "sub": user_id,
            "email": email,
            "role": "authenticated",
            "aud": AUDIENCE,
            "iss": ISSUER,
            "iat": now,
            "exp": now + TOKEN_TTL_S,
        }
        return jwt.encode(claims, self._secret, algorithm="HS256")

    async def verify(self, token: str) -> AuthUser:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=["HS256"],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["sub", "exp", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise UnauthorizedError("Your session has expired; sign in again.") from None
        except jwt.PyJWTError:
            raise UnauthorizedError("Invalid access token.") from None
        return AuthUser(id=str(claims["sub"]), email=claims.get("email"))
