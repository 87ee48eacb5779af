"""Google's OIDC signing side, on loopback: an RSA key with a self-signed certificate that signs
ID tokens like Google does, and `GET /oauth2/v1/certs` serving `{kid: PEM}` like
https://www.googleapis.com/oauth2/v1/certs (point TASKS_OIDC_CERTS_URL at `FakeGoogleCerts.url`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any, Self

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt
from google.auth import jwt as gjwt

from tests.fakes._server import LoopbackServer, Reply, json_reply

AUDIENCE = "https://docstream-abc-uc.a.run.app"
ACCOUNT = "tasks-invoker@acme-docs.iam.gserviceaccount.com"


class GoogleKey:
    """An RSA key with a self-signed certificate, as Google publishes its signing keys."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "securetoken.test")])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .sign(self.private, hashes.SHA256())
        )
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
        self._signer = crypt.RSASigner.from_string(
            self.private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            key_id=kid,
        )

    def sign(self, audience: str = AUDIENCE, email: str = ACCOUNT, **claims: Any) -> str:
        """An ID token as Cloud Tasks sends it; a claim set to None is left out."""
        now = int(time.time())
        payload = {
            "iss": "https://accounts.google.com",
            "aud": audience,
            "email": email,
            "email_verified": True,
            "sub": "1234567890",
            "iat": now,
            "exp": now + 3600,
            **claims,
        }
        return gjwt.encode(
            self._signer, {k: v for k, v in payload.items() if v is not None}
        ).decode()


class FakeGoogleCerts:
    """`GET /oauth2/v1/certs` → the published certificates, counting fetches."""

    def __init__(self) -> None:
        self.published: dict[str, str] = {}
        self.fetches = 0
        self._lock = threading.Lock()
        self._server = LoopbackServer(self._handle)

    @property
    def url(self) -> str:
        return f"{self._server.url}/oauth2/v1/certs"

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
        with self._lock:
            self.fetches += 1
            return json_reply(
                200,
                dict(self.published),
                {"Cache-Control": "public, max-age=19800, must-revalidate"},
            )

    def __enter__(self) -> Self:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()
