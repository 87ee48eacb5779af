"""SupabaseTokens against a JWKS served on loopback, with keys made here.

The fake Supabase is a stdlib HTTP server in a thread serving
`/auth/v1/.well-known/jwks.json`; SUPABASE_URL points at it, so the issuer and JWKS URL are
derived exactly as in production. Tokens are signed with freshly generated ES256/RS256 keys.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from app.auth.supabase import SupabaseTokens
from app.config import Settings
from app.errors import ServiceUnavailableError, UnauthorizedError

USER_ID = "11111111-1111-4111-8111-111111111111"
LEGACY_SECRET = "legacy-jwt-secret-with-at-least-32-characters!!"


# --- keys -----------------------------------------------------------------------------------------
class SigningKey:
    """A private key, its kid, and its public JWK as Supabase publishes it."""

    def __init__(self, alg: str) -> None:
        self.alg = alg
        self.kid = f"{alg.lower()}-{uuid.uuid4().hex[:8]}"
        if alg == "ES256":
            self.private = ec.generate_private_key(ec.SECP256R1())
            public_jwk = ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        else:
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            public_jwk = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        self.jwk = {**public_jwk, "kid": self.kid, "alg": alg, "use": "sig", "key_ops": ["verify"]}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


# --- the fake Supabase Auth JWKS endpoint -----------------------------------------------------------
class FakeJwks:
    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.requests = 0
        self.fail = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/auth/v1/.well-known/jwks.json":
                    self.send_error(404)
                    return
                fake.requests += 1
                if fake.fail:
                    self.send_error(503)
                    return
                body = json.dumps({"keys": fake.keys}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def publish(self, *keys: SigningKey) -> None:
        self.keys = [k.jwk for k in keys]


@pytest.fixture(scope="module")
def jwks_server() -> Iterator[FakeJwks]:
    fake = FakeJwks()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def jwks(jwks_server: FakeJwks) -> FakeJwks:
    jwks_server.keys, jwks_server.requests, jwks_server.fail = [], 0, False
    return jwks_server


@pytest.fixture(scope="module")
def es256() -> SigningKey:
    return SigningKey("ES256")


@pytest.fixture(scope="module")
def rs256() -> SigningKey:
    return SigningKey("RS256")


def make_settings(jwks: FakeJwks, tmp_path: Path, secret: str = "") -> Settings:
    return Settings(SUPABASE_URL=jwks.url, SUPABASE_JWT_SECRET=secret, DATA_DIR=tmp_path)


def claims_for(jwks: FakeJwks, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": USER_ID,
        "email": "alice@example.test",
        "role": "authenticated",
        "aud": "authenticated",
        "iss": f"{jwks.url}/auth/v1",
        "iat": now,
        "exp": now + 3600,
        "session_id": str(uuid.uuid4()),
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(key: SigningKey, claims: dict[str, Any], **header: Any) -> str:
    return jwt.encode(claims, key.private, algorithm=key.alg, headers={"kid": key.kid, **header})


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- the happy paths ------------------------------------------------------------------------------
@pytest.mark.parametrize("alg", ["ES256", "RS256"])
async def test_valid_asymmetric_token(jwks, tmp_path, es256, rs256, alg):
    key = es256 if alg == "ES256" else rs256
    jwks.publish(es256, rs256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))

    user = await verifier.verify(sign(key, claims_for(jwks)))

    assert user.id == USER_ID
    assert user.email == "alice@example.test"


async def test_keys_are_cached_between_requests(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    for _ in range(5):
        await verifier.verify(sign(es256, claims_for(jwks)))
    assert jwks.requests == 1


async def test_concurrent_verifications_do_not_block_each_other(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    users = await asyncio.gather(
        *(verifier.verify(sign(es256, claims_for(jwks, sub=str(uuid.uuid4())))) for _ in range(20))
    )
    assert len({u.id for u in users}) == 20
    assert jwks.requests <= 2  # a couple of cold-cache lookups may race; never one per token


async def test_key_rotation_refetches_once_for_a_new_kid(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path), refetch_cooldown_s=0)
    await verifier.verify(sign(es256, claims_for(jwks)))
    assert jwks.requests == 1

    rotated = SigningKey("ES256")
    jwks.publish(rotated, es256)  # the new key goes live while the old one is still cached

    user = await verifier.verify(sign(rotated, claims_for(jwks)))

    assert user.id == USER_ID
    assert jwks.requests == 2, "exactly one refetch for the unknown kid"
    await verifier.verify(sign(rotated, claims_for(jwks)))
    assert jwks.requests == 2, "the new key is cached from then on"


async def test_unknown_kids_cannot_hammer_the_jwks_endpoint(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path), refetch_cooldown_s=60)
    await verifier.verify(sign(es256, claims_for(jwks)))
    stranger = SigningKey("ES256")  # never published
    for _ in range(5):
        with pytest.raises(UnauthorizedError, match="Invalid access token"):
            await verifier.verify(sign(stranger, claims_for(jwks)))
    assert jwks.requests == 1, "within the cooldown an unknown kid does not refetch"


# --- rejected tokens -------------------------------------------------------------------------------
async def test_expired_token(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    past = int(time.time()) - 3600
    token = sign(es256, claims_for(jwks, iat=past - 3600, exp=past))
    with pytest.raises(UnauthorizedError) as caught:
        await verifier.verify(token)
    assert caught.value.detail == "Your session has expired; sign in again."


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": "anon"},  # wrong audience
        {"aud": None},  # no audience
        {"iss": "https://other-project.supabase.co/auth/v1"},  # wrong issuer
        {"iss": None},  # no issuer
        {"sub": None},  # no subject
        {"exp": None},  # never expires
    ],
    ids=["wrong-aud", "no-aud", "wrong-iss", "no-iss", "no-sub", "no-exp"],
)
async def test_claims_that_must_be_right(jwks, tmp_path, es256, overrides):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    with pytest.raises(UnauthorizedError) as caught:
        await verifier.verify(sign(es256, claims_for(jwks, **overrides)))
    assert caught.value.detail == "Invalid access token."


async def test_token_signed_by_another_key_with_a_published_kid(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    forger = SigningKey("ES256")
    forger.kid = es256.kid  # claims to be the project's key
    with pytest.raises(UnauthorizedError, match="Invalid access token"):
        await verifier.verify(sign(forger, claims_for(jwks)))


async def test_alg_none_is_refused(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path, secret=LEGACY_SECRET))
    header = b64url(json.dumps({"alg": "none", "typ": "JWT", "kid": es256.kid}).encode())
    payload = b64url(json.dumps(claims_for(jwks)).encode())
    for token in (f"{header}.{payload}.", f"{header}.{payload}"):
        with pytest.raises(UnauthorizedError, match="Invalid access token"):
            await verifier.verify(token)


@pytest.mark.parametrize("alg", ["ES256", "RS256"])
async def test_hs256_signed_with_the_public_key_is_refused(jwks, tmp_path, es256, rs256, alg):
    """Algorithm confusion: HMAC "signed" with the published public key must not verify."""
    key = es256 if alg == "ES256" else rs256
    jwks.publish(es256, rs256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))  # no legacy secret configured
    claims = claims_for(jwks)
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key.kid}).encode())
    payload_b64 = f"{header}.{b64url(json.dumps(claims).encode())}"
    for secret in (key.public_pem(), json.dumps(key.jwk).encode()):
        signature = hmac.new(secret, payload_b64.encode(), hashlib.sha256).digest()
        token = f"{payload_b64}.{b64url(signature)}"
        with pytest.raises(UnauthorizedError, match="Invalid access token"):
            await verifier.verify(token)
    assert jwks.requests == 0, "an HS256 token is refused before any key lookup"


async def test_alg_must_match_the_published_key(jwks, tmp_path, es256, rs256):
    """A token that names the EC key's kid but says RS256 (or the reverse) is refused."""
    jwks.publish(es256, rs256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    mislabelled = jwt.encode(
        claims_for(jwks), rs256.private, algorithm="RS256", headers={"kid": es256.kid}
    )
    with pytest.raises(UnauthorizedError, match="Invalid access token"):
        await verifier.verify(mislabelled)


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30.xx"])
async def test_malformed_tokens(jwks, tmp_path, es256, token):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    with pytest.raises(UnauthorizedError, match="Invalid access token"):
        await verifier.verify(token)


async def test_asymmetric_token_without_kid(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    token = jwt.encode(claims_for(jwks), es256.private, algorithm="ES256")
    with pytest.raises(UnauthorizedError, match="Invalid access token"):
        await verifier.verify(token)


# --- legacy HS256 secret ------------------------------------------------------------------------
async def test_legacy_hs256_secret(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path, secret=LEGACY_SECRET))

    token = jwt.encode(claims_for(jwks), LEGACY_SECRET, algorithm="HS256")
    user = await verifier.verify(token)
    assert user.id == USER_ID
    assert jwks.requests == 0, "legacy tokens need no JWKS"

    # Asymmetric tokens keep working alongside (projects migrating to signing keys).
    assert (await verifier.verify(sign(es256, claims_for(jwks)))).id == USER_ID

    wrong = jwt.encode(
        claims_for(jwks), "another-secret-with-at-least-32-chars!!", algorithm="HS256"
    )
    with pytest.raises(UnauthorizedError, match="Invalid access token"):
        await verifier.verify(wrong)
    expired = jwt.encode(
        claims_for(jwks, exp=int(time.time()) - 600), LEGACY_SECRET, algorithm="HS256"
    )
    with pytest.raises(UnauthorizedError, match="expired"):
        await verifier.verify(expired)


async def test_hs256_without_a_configured_secret_is_refused(jwks, tmp_path):
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    token = jwt.encode(claims_for(jwks), LEGACY_SECRET, algorithm="HS256")
    with pytest.raises(UnauthorizedError, match="Invalid access token"):
        await verifier.verify(token)


# --- the JWKS endpoint failing -----------------------------------------------------------------------
async def test_jwks_unreachable_is_503_not_a_sign_out(jwks, tmp_path, es256):
    jwks.publish(es256)
    jwks.fail = True
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    with pytest.raises(ServiceUnavailableError):
        await verifier.verify(sign(es256, claims_for(jwks)))


async def test_cached_keys_survive_a_jwks_outage(jwks, tmp_path, es256):
    jwks.publish(es256)
    verifier = SupabaseTokens(make_settings(jwks, tmp_path))
    await verifier.verify(sign(es256, claims_for(jwks)))
    jwks.fail = True
    assert (await verifier.verify(sign(es256, claims_for(jwks)))).id == USER_ID


async def test_trailing_slash_in_supabase_url(jwks, tmp_path, es256):
    jwks.publish(es256)
    settings = Settings(SUPABASE_URL=jwks.url + "/", DATA_DIR=tmp_path)
    verifier = SupabaseTokens(settings)
    assert verifier.jwks_url == f"{jwks.url}/auth/v1/.well-known/jwks.json"
    assert (await verifier.verify(sign(es256, claims_for(jwks)))).id == USER_ID
