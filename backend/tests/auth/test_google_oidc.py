"""GoogleOidcVerifier against a loopback copy of Google's certificate endpoint.

The endpoint (`tests/fakes/google_oidc.py`) serves `{kid: PEM certificate}` like Google's, for a
key generated here; tokens are signed with google-auth's own signer, as Google would.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from app.auth.local import LocalTokens
from app.auth.oidc import GoogleOidcVerifier
from app.errors import ServiceUnavailableError, UnauthorizedError
from tests.conftest import free_port
from tests.fakes.google_oidc import ACCOUNT, AUDIENCE, FakeGoogleCerts, GoogleKey


@pytest.fixture(scope="module")
def key() -> GoogleKey:
    return GoogleKey("kid-current")


@pytest.fixture
def certs(key: GoogleKey) -> Iterator[FakeGoogleCerts]:
    with FakeGoogleCerts() as fake:
        fake.published[key.kid] = key.cert_pem
        yield fake


@pytest.fixture
def verifier(certs: FakeGoogleCerts) -> GoogleOidcVerifier:
    return GoogleOidcVerifier(
        audience=AUDIENCE, service_account=ACCOUNT, certs_url=certs.url, refetch_cooldown_s=0
    )


async def test_a_token_google_signed_for_our_service_account_is_accepted(verifier, key, certs):
    claims = await verifier.verify(key.sign())
    assert claims["email"] == ACCOUNT
    await verifier.verify(key.sign(iss="accounts.google.com"))  # the other issuer spelling
    assert certs.fetches == 1  # the certificates are cached


@pytest.mark.parametrize(
    "claims, message",
    [
        ({"aud": "https://someone-else.a.run.app"}, "Invalid task token"),
        ({"email": "attacker@evil.iam.gserviceaccount.com"}, "not from the configured"),
        ({"email": None}, "not from the configured"),
        ({"email_verified": False}, "not verified"),
        ({"email_verified": None}, "not verified"),
        ({"iss": "https://evil.example.com"}, "Invalid task token"),
        ({"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, "expired"),
    ],
)
async def test_a_google_signed_token_with_the_wrong_claims_is_refused(
    verifier, key, claims, message
):
    with pytest.raises(UnauthorizedError, match=message):
        await verifier.verify(key.sign(**claims))


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_unsigned_forged_and_foreign_tokens_are_refused(verifier, key, tmp_path):
    genuine = key.sign()
    header, payload, _ = genuine.split(".")
    unsigned = f"{_b64({'alg': 'none', 'kid': key.kid, 'typ': 'JWT'})}.{payload}."
    impostor = GoogleKey(key.kid)  # same kid, different key
    user_jwt = LocalTokens("a-local-secret-of-sufficient-length-0123456789").mint(
        "11111111-1111-4111-8111-111111111111", ACCOUNT
    )
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered = f"{header}.{_b64({**claims, 'email': 'x@y.z'})}.{genuine.split('.')[2]}"

    for token in (unsigned, impostor.sign(), user_jwt, tampered, "not-a-jwt", "a.b.c"):
        with pytest.raises(UnauthorizedError):
            await verifier.verify(token)
    for missing in ("", None):
        with pytest.raises(UnauthorizedError, match="needs a Google-signed OIDC bearer token"):
            await verifier.verify(missing)


async def test_a_rotated_key_is_fetched_once_and_random_kids_do_not_hammer_google(key, certs):
    now = [1000.0]
    verifier = GoogleOidcVerifier(
        audience=AUDIENCE,
        service_account=ACCOUNT,
        certs_url=certs.url,
        refetch_cooldown_s=30,
        clock=lambda: now[0],
    )
    await verifier.verify(key.sign())
    rotated = GoogleKey("kid-next")
    certs.published[rotated.kid] = rotated.cert_pem
    now[0] += 31  # past the cooldown: an unknown kid triggers one refetch
    await verifier.verify(rotated.sign())
    assert certs.fetches == 2
    for kid in ("random-1", "random-2", "random-3"):  # within the cooldown again: no refetch
        with pytest.raises(UnauthorizedError):
            await verifier.verify(GoogleKey(kid).sign())
    assert certs.fetches == 2
    now[0] += 19800  # the max-age Google sent has passed: refreshed once
    await verifier.verify(key.sign())
    await verifier.verify(key.sign())
    assert certs.fetches == 3


async def test_a_stale_copy_is_used_while_google_is_unreachable(key, certs):
    now = [1000.0]
    verifier = GoogleOidcVerifier(
        audience=AUDIENCE,
        service_account=ACCOUNT,
        certs_url=certs.url,
        clock=lambda: now[0],
        fetch_timeout_s=2,
    )
    await verifier.verify(key.sign())
    verifier.certs_url = f"http://127.0.0.1:{free_port()}/oauth2/v1/certs"  # Google is down
    now[0] += 20000
    assert (await verifier.verify(key.sign()))["email"] == ACCOUNT


async def test_unreachable_certificates_answer_503_not_401(key):
    verifier = GoogleOidcVerifier(
        audience=AUDIENCE,
        service_account=ACCOUNT,
        certs_url=f"http://127.0.0.1:{free_port()}/oauth2/v1/certs",
        fetch_timeout_s=2,
    )
    with pytest.raises(ServiceUnavailableError):
        await verifier.verify(key.sign())
