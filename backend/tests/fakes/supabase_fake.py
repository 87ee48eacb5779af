"""A loopback stand-in for the parts of a Supabase project the backend talks to.

- Storage (`/storage/v1`), as supabase-py's async client calls it: upload
  (`POST /object/<bucket>/<path>`, multipart), download (`GET /object/<bucket>/<path>`), signed
  URLs (`POST /object/sign/<bucket>/<path>` and serving `GET /object/sign/<bucket>/<path>?token=`)
  and delete (`DELETE /object/<bucket>` with `{"prefixes": [...]}`). Objects live in memory; the
  service-role key is required on every call but the signed-URL download (a browser follows
  that one without credentials). Errors have Storage's shape:
  `{"statusCode": "<code>", "error": ..., "message": ...}`.
- Auth: `/auth/v1/.well-known/jwks.json` publishes an ES256 public key, and `mint_token` signs
  access tokens with the claims Supabase Auth puts in them.

Every request is recorded (`requests`) so tests can assert what the backend sent.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from tests.fakes._server import LoopbackServer, Reply, json_reply

STORAGE = "/storage/v1"
JWKS_PATH = "/auth/v1/.well-known/jwks.json"


class EcSigningKey:
    """An ES256 key pair with a `kid`, and its public JWK as Supabase Auth publishes it."""

    def __init__(self) -> None:
        self.kid = f"es256-{uuid.uuid4().hex[:12]}"
        self.private = ec.generate_private_key(ec.SECP256R1())
        public = ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        self.jwk = {**public, "kid": self.kid, "alg": "ES256", "use": "sig", "key_ops": ["verify"]}

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.private, algorithm="ES256", headers={"kid": self.kid})


@dataclass
class RecordedRequest:
    method: str
    path: str  # unquoted, without the query string
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass
class StoredObject:
    data: bytes
    content_type: str
    cache_control: str = ""
    owner_headers: dict[str, str] = field(default_factory=dict)  # what the upload carried


def _parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[dict[str, str], bytes]]:
    """name -> (part headers, bytes) for a multipart/form-data body (exact bytes, no decoding)."""
    boundary = ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        return {}
    parts: dict[str, tuple[dict[str, str], bytes]] = {}
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        name = ""
        for param in disposition.split(";")[1:]:
            key, _, value = param.strip().partition("=")
            if key == "name":
                name = value.strip('"')
        parts[name] = (headers, data)
    return parts


def storage_error(status: int, error: str, message: str) -> Reply:
    return json_reply(status, {"statusCode": str(status), "error": error, "message": message})


class SupabaseFake:
    """Storage + the Auth JWKS of one fake project; `url` is what `SUPABASE_URL` should be."""

    def __init__(self, service_role_key: str, bucket: str = "documents") -> None:
        self.service_role_key = service_role_key
        self.bucket = bucket
        self.key = EcSigningKey()
        self.objects: dict[str, StoredObject] = {}  # "<bucket>/<path>" -> object
        self.requests: list[RecordedRequest] = []
        self.upload_status: int | None = None  # answer uploads with this error status when set
        self._signed: dict[str, tuple[str, float]] = {}  # token -> ("<bucket>/<path>", expiry)
        self._lock = threading.Lock()
        self._server = LoopbackServer(self._handle)

    # --- lifecycle ------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> SupabaseFake:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> SupabaseFake:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- test controls ----------------------------------------------------------------------------
    def mint_token(
        self,
        user_id: str,
        *,
        email: str | None = None,
        expires_in: int = 3600,
        key: EcSigningKey | None = None,
        **extra: Any,
    ) -> str:
        """An access token like Supabase Auth issues (by default signed with the published key)."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": f"{self.url}/auth/v1",
            "sub": user_id,
            "aud": "authenticated",
            "exp": now + expires_in,
            "iat": now - 1,
            "email": email or f"{user_id[:8]}@example.test",
            "phone": "",
            "app_metadata": {"provider": "email", "providers": ["email"]},
            "user_metadata": {},
            "role": "authenticated",
            "aal": "aal1",
            "amr": [{"method": "password", "timestamp": now}],
            "session_id": str(uuid.uuid4()),
            "is_anonymous": False,
            **extra,
        }
        return (key or self.key).sign(claims)

    def requests_to(self, method: str, prefix: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def object(self, path: str) -> StoredObject | None:
        """The object at `path` in the bucket, or None."""
        with self._lock:
            return self.objects.get(f"{self.bucket}/{path}")

    # --- the server -------------------------------------------------------------------------------
    def _handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Reply:
        split = urlsplit(raw_path)
        path = unquote(split.path)
        query = parse_qs(split.query, keep_blank_values=True)
        with self._lock:
            self.requests.append(RecordedRequest(method, path, query, headers, body))

        if method == "GET" and path == JWKS_PATH:
            return json_reply(200, {"keys": [self.key.jwk]})
        if not path.startswith(f"{STORAGE}/object/"):
            return json_reply(404, {"message": f"no route for {method} {path}"})
        rest = path.removeprefix(f"{STORAGE}/object/")

        if method == "GET" and rest.startswith("sign/"):
            return self._serve_signed(rest.removeprefix("sign/"), query)
        if not self._service_key_ok(headers):
            return storage_error(403, "Unauthorized", "invalid signature")
        if method == "POST" and rest.startswith("sign/"):
            return self._sign(rest.removeprefix("sign/"), body)
        if method == "POST":
            return self._upload(rest, headers, body)
        if method == "GET":
            return self._download(rest)
        if method == "DELETE":
            return self._delete(rest, body)
        return storage_error(405, "invalid_request", f"{method} is not supported here")

    def _service_key_ok(self, headers: dict[str, str]) -> bool:
        return (
            headers.get("apikey") == self.service_role_key
            and headers.get("authorization") == f"Bearer {self.service_role_key}"
        )

    def _upload(self, key: str, headers: dict[str, str], body: bytes) -> Reply:
        if self.upload_status is not None:
            return storage_error(self.upload_status, "internal", "Storage is unavailable")
        if "/" not in key:
            return storage_error(400, "invalid_key", "Missing object path")
        parts = _parse_multipart(headers.get("content-type", ""), body)
        if "file" not in parts:
            return storage_error(400, "invalid_request", "No file in the multipart body")
        part_headers, data = parts["file"]
        cache_control = parts.get("cacheControl", ({}, b""))[1].decode()
        upsert = headers.get("x-upsert", "false").lower() == "true"
        with self._lock:
            if key in self.objects and not upsert:
                return storage_error(409, "Duplicate", "The resource already exists")
            self.objects[key] = StoredObject(
                data=data,
                content_type=part_headers.get("content-type", "application/octet-stream"),
                cache_control=cache_control,
                owner_headers={
                    k: v for k, v in headers.items() if k in ("apikey", "authorization")
                },
            )
        return json_reply(200, {"Key": key, "Id": str(uuid.uuid4())})

    def _download(self, key: str) -> Reply:
        with self._lock:
            obj = self.objects.get(key)
        if obj is None:
            return storage_error(404, "not_found", "Object not found")
        return 200, {"Content-Type": obj.content_type}, obj.data

    def _sign(self, key: str, body: bytes) -> Reply:
        try:
            expires_in = int(json.loads(body or b"{}").get("expiresIn"))
        except (TypeError, ValueError):
            return storage_error(400, "invalid_request", "expiresIn is required")
        with self._lock:
            if key not in self.objects:
                return storage_error(404, "not_found", "Object not found")
            token = secrets.token_urlsafe(24)
            self._signed[token] = (key, time.time() + expires_in)
        return json_reply(200, {"signedURL": f"/object/sign/{key}?token={token}"})

    def _serve_signed(self, key: str, query: dict[str, list[str]]) -> Reply:
        token = (query.get("token") or [""])[0]
        with self._lock:
            signed = self._signed.get(token)
            obj = self.objects.get(key)
        if signed is None or signed[0] != key:
            return storage_error(400, "InvalidSignature", "The signature is invalid")
        if signed[1] < time.time():
            return storage_error(400, "InvalidJWT", "jwt expired")
        if obj is None:
            return storage_error(404, "not_found", "Object not found")
        return 200, {"Content-Type": obj.content_type}, obj.data

    def _delete(self, bucket: str, body: bytes) -> Reply:
        try:
            prefixes = json.loads(body or b"{}")["prefixes"]
        except (KeyError, TypeError, ValueError):
            return storage_error(400, "invalid_request", "prefixes is required")
        removed = []
        with self._lock:
            for name in prefixes:
                if self.objects.pop(f"{bucket}/{name}", None) is not None:
                    removed.append({"name": name, "bucket_id": bucket})
        return json_reply(200, removed)
