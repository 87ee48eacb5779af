"""All configuration, read once from the environment (and `.env`).

Every switch between local mode and Supabase/cloud mode lives here, so the rest of the code asks
`settings.ocr_provider` instead of sniffing environment variables itself.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Copied from an example file and never replaced: refuse at start-up instead of failing later
# with a confusing 401 from a service.
PLACEHOLDERS = {"changeme", "change-me", "change_me", "placeholder", "secret", "xxx", "todo"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # --- where things live -------------------------------------------------------------------
    data_dir: Path = Field(default=Path("./.data"), alias="DATA_DIR")
    api_port: int = Field(default=8000, alias="API_PORT")
    api_host: str = Field(default="127.0.0.1", alias="API_HOST")
    # Apply the compatibility bootstrap and pending migrations at start-up (never on a hosted
    # Supabase, where the CLI owns the schema).
    migrate_on_start: bool = Field(default=True, alias="MIGRATE_ON_START")
    # Empty: the API starts its own PostgreSQL cluster under DATA_DIR/postgres.
    database_url: str = Field(default="", alias="DATABASE_URL")
    # Set for PgBouncer transaction pooling (Supabase port 6543): prepared statements break there.
    database_disable_prepared_statements: bool = Field(
        default=False, alias="DATABASE_DISABLE_PREPARED_STATEMENTS"
    )
    database_pool_size: int = Field(default=10, alias="DATABASE_POOL_SIZE")
    # A pool of its own for the job pipeline (OCR results, metadata, leases, the sweeper), so
    # background work never holds the connections an upload or a page load needs.
    database_job_pool_size: int = Field(default=5, ge=1, alias="DATABASE_JOB_POOL_SIZE")
    cors_origins: str = Field(
        default="http://localhost:3000,http://127.0.0.1:3000", alias="CORS_ORIGINS"
    )

    # --- uploads -----------------------------------------------------------------------------
    max_upload_mb: float = Field(default=50, alias="MAX_UPLOAD_MB")
    usage_limit_per_month: int = Field(default=1000, alias="USAGE_LIMIT_PER_MONTH")
    # Bytes of files a user's documents may hold, duplicates included (each document counts
    # its file's size): re-uploads cost no upload slot, but must not fill the disk.
    usage_storage_limit_mb: float = Field(default=5120, gt=0, alias="USAGE_STORAGE_LIMIT_MB")
    # The text budget: OCR text kept per page and per document (characters). A small PDF that
    # draws the same text thousands of times became 201 million characters (issue 27).
    ocr_max_chars_per_page: int = Field(default=20_000, ge=1000, alias="OCR_MAX_CHARS_PER_PAGE")
    ocr_max_chars_per_document: int = Field(
        default=2_000_000, ge=1000, alias="OCR_MAX_CHARS_PER_DOCUMENT"
    )

    @property
    def usage_storage_limit_bytes(self) -> int:
        return int(self.usage_storage_limit_mb * 1024 * 1024)

    # --- documents that come in by themselves (app/inbound/, README "Inbound") ---------------
    # A folder watched for new files (a scanner's network share): off when empty. Each file
    # becomes a document of INBOX_OWNER (an e-mail; with Supabase auth, the user's id or
    # e-mail) and is moved to INBOX_DIR/.done/<date>/, or to .refused/ with the reason.
    inbox_dir: str = Field(default="", alias="INBOX_DIR")
    inbox_owner: str = Field(default="", alias="INBOX_OWNER")
    # A file is taken once its size and time have not changed for this long (a scanner or a
    # copy over SMB/NFS writes slowly; a half-written file must never become a document).
    inbox_settle_s: float = Field(default=2.0, gt=0, alias="INBOX_SETTLE_S")
    # Look at the whole folder at least this often, whatever the change notifications say:
    # files written by another machine on a network mount send none.
    inbox_rescan_s: float = Field(default=10.0, gt=0, alias="INBOX_RESCAN_S")
    # Watch by polling instead of inotify (some network mounts and containers need it).
    inbox_polling: bool = Field(default=False, alias="INBOX_POLLING")
    # A mailbox polled for new messages: `imaps://user:password@host:993/INBOX` (`imap://` for
    # a server on this machine without TLS); the password may instead be in
    # IMAP_PASSWORD_FILE (a secret mounted as a file). Off when empty. Each message's
    # attachments of accepted types become documents of IMAP_OWNER, keeping its subject,
    # sender and date; the message is then moved to IMAP_DONE_FOLDER (made if missing), or
    # only marked when that is empty.
    imap_url: str = Field(default="", alias="IMAP_URL", repr=False)
    imap_password_file: str = Field(default="", alias="IMAP_PASSWORD_FILE")
    imap_poll_s: float = Field(default=60.0, gt=0, alias="IMAP_POLL_S")
    imap_owner: str = Field(default="", alias="IMAP_OWNER")
    imap_done_folder: str = Field(default="Docstream", alias="IMAP_DONE_FOLDER")

    # --- providers ---------------------------------------------------------------------------
    ocr_provider: Literal["", "local", "mistral"] = Field(default="", alias="OCR_PROVIDER")
    metadata_provider: Literal["", "local", "claude"] = Field(default="", alias="METADATA_PROVIDER")
    storage_provider: Literal["", "local", "supabase"] = Field(default="", alias="STORAGE_PROVIDER")
    auth_provider: Literal["", "local", "supabase"] = Field(default="", alias="AUTH_PROVIDER")

    mistral_api_key: str = Field(default="", alias="MISTRAL_API_KEY")
    mistral_server_url: str = Field(default="", alias="MISTRAL_SERVER_URL")
    mistral_ocr_model: str = Field(default="mistral-ocr-latest", alias="MISTRAL_OCR_MODEL")
    mistral_timeout_s: float = Field(default=120, alias="MISTRAL_TIMEOUT_S")
    # Mistral OCR's per-call limits (1,000 pages, 50 MB): a bigger PDF is sent in page ranges
    # within both, each stored as soon as it is read, and stitched in page order.
    mistral_max_pages: int = Field(default=1000, ge=1, alias="MISTRAL_MAX_PAGES")
    mistral_max_mb: float = Field(default=50, gt=0, alias="MISTRAL_MAX_MB")

    anthropic_api_key: str = Field(default="", alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str = Field(default="", alias="ANTHROPIC_BASE_URL")
    claude_model: str = Field(default="claude-sonnet-4-5", alias="CLAUDE_MODEL")
    claude_max_turns: int = Field(default=6, alias="CLAUDE_MAX_TURNS")
    claude_timeout_s: float = Field(default=120, alias="CLAUDE_TIMEOUT_S")

    supabase_url: str = Field(default="", alias="SUPABASE_URL")
    supabase_service_role_key: str = Field(default="", alias="SUPABASE_SERVICE_ROLE_KEY")
    supabase_jwt_secret: str = Field(default="", alias="SUPABASE_JWT_SECRET")
    supabase_storage_bucket: str = Field(default="documents", alias="SUPABASE_STORAGE_BUCKET")
    signed_url_ttl_s: int = Field(default=600, alias="SIGNED_URL_TTL_S")

    # --- local engines -----------------------------------------------------------------------
    # The Tesseract language packs the local engine may read scans in, comma- or
    # plus-separated; each page is read in the one its text is in (app/ocr/reading.py), and
    # the first is tried first on a document's first pages. scripts/setup.sh installs these.
    ocr_languages: str = Field(default="eng,deu,fra,nld,spa,ita,por", alias="OCR_LANGUAGES")
    ocr_dpi: int = Field(default=200, alias="OCR_DPI")

    # --- pipeline and recovery ---------------------------------------------------------------
    ocr_concurrency: int = Field(
        default_factory=lambda: max(1, os.cpu_count() or 1), alias="OCR_CONCURRENCY"
    )
    ocr_timeout_s: float = Field(default=600, alias="OCR_TIMEOUT_S")
    # Hard budgets of one worker task (one page, one thumbnail): CPU seconds (RLIMIT_CPU),
    # address space (RLIMIT_AS), and wall-clock seconds after which the worker is killed.
    ocr_task_cpu_s: float = Field(default=120, alias="OCR_TASK_CPU_S")
    ocr_task_memory_mb: int = Field(default=2048, alias="OCR_TASK_MEMORY_MB")
    ocr_task_timeout_s: float = Field(default=300, alias="OCR_TASK_TIMEOUT_S")
    # Pages of one document in the worker queue at a time (the pool takes turns between documents).
    ocr_pages_in_flight: int = Field(default=2, alias="OCR_PAGES_IN_FLIGHT")
    # A PDF of more pages is read as page-range runs of this many pages, each its own job (its
    # own Cloud Task), so one run fits well inside a dispatch deadline and several processes
    # read one document at once; 0 turns fan-out off. docs/architecture.md, "Long documents".
    ocr_range_pages: int = Field(default=60, ge=0, alias="OCR_RANGE_PAGES")
    # Workers beyond OCR_CONCURRENCY, only for a user with nothing running: when one user's
    # pages hold every worker, another user's page starts at once (see app.workers).
    ocr_spare_workers: int = Field(default=1, ge=0, alias="OCR_SPARE_WORKERS")
    # Documents being OCRed at once per process. 0: four per worker with the local engine (the
    # workers take turns between them page by page, so a long document does not hold a slot
    # everybody waits for), one per `OCR_CONCURRENCY` with a cloud engine.
    ocr_documents_in_flight: int = Field(default=0, alias="OCR_DOCUMENTS_IN_FLIGHT")
    metadata_timeout_s: float = Field(default=180, alias="METADATA_TIMEOUT_S")
    # Metadata runs at once per process; more wait their turn (queued, their leases kept). With
    # Claude each run is an agent CLI process of its own (docs/deploy-cloud-run.md, sizing):
    # this is what keeps a burst of documents from running an instance out of memory.
    metadata_concurrency: int = Field(default=4, ge=1, alias="METADATA_CONCURRENCY")
    max_pages: int = Field(default=2000, alias="MAX_PAGES")
    max_image_pixels: int = Field(default=60_000_000, alias="MAX_IMAGE_PIXELS")
    transient_retries: int = Field(default=3, alias="TRANSIENT_RETRIES")
    lease_ttl_s: float = Field(default=60, alias="LEASE_TTL_S")
    heartbeat_interval_s: float = Field(default=15, alias="HEARTBEAT_INTERVAL_S")
    # Seconds between the in-process sweeper's passes; 0 = none. Default 30, but 0 in
    # cloud_tasks mode unless set (there Cloud Scheduler calls POST /api/tasks/sweep).
    recovery_interval_s: float = Field(default=30, ge=0, alias="RECOVERY_INTERVAL_S")
    recovery_batch_size: int = Field(default=50, alias="RECOVERY_BATCH_SIZE")
    max_retries: int = Field(default=3, alias="MAX_RETRIES")
    # On SIGTERM, how long running jobs may finish before they are handed back. Cloud Run sends
    # SIGKILL 10 s after SIGTERM: uvicorn's own 3 s for open requests, then this, then the
    # hand-back write must all fit, so the default is 5 (a job handed back is not lost, one
    # killed mid-write waits for its lease to expire).
    shutdown_grace_s: float = Field(default=5, ge=0, alias="SHUTDOWN_GRACE_S")

    # --- HTTP limits (see README "Configuration") -------------------------------------------
    http_header_timeout_s: float = Field(default=10, alias="HTTP_HEADER_TIMEOUT_S")
    http_body_timeout_s: float = Field(default=30, gt=0, alias="HTTP_BODY_TIMEOUT_S")
    # A whole body must arrive within HTTP_BODY_DEADLINE_S plus its size at the minimum rate:
    # a client trickling a byte now and then is cut off, however patient each read is.
    http_body_deadline_s: float = Field(default=30, gt=0, alias="HTTP_BODY_DEADLINE_S")
    http_body_min_rate_bps: int = Field(default=8192, gt=0, alias="HTTP_BODY_MIN_RATE_BPS")
    http_keepalive_s: int = Field(default=5, alias="HTTP_KEEPALIVE_S")
    http_max_header_bytes: int = Field(default=16_384, alias="HTTP_MAX_HEADER_BYTES")
    http_max_json_bytes: int = Field(default=65_536, alias="HTTP_MAX_JSON_BYTES")
    http_max_connections: int = Field(default=4096, alias="HTTP_MAX_CONNECTIONS")
    # Open connections from one address (0: no per-address cap), below the global cap.
    http_max_connections_per_ip: int = Field(
        default=1024, ge=0, alias="HTTP_MAX_CONNECTIONS_PER_IP"
    )
    http_max_requests: int = Field(default=256, alias="HTTP_MAX_REQUESTS")
    # Requests in flight per signed-in user, and per address for requests without a user
    # (sign-in, the API reference): a few clients cannot take every request slot.
    http_max_requests_per_user: int = Field(default=32, ge=1, alias="HTTP_MAX_REQUESTS_PER_USER")
    http_max_requests_per_ip: int = Field(default=16, ge=1, alias="HTTP_MAX_REQUESTS_PER_IP")
    event_streams_per_user: int = Field(default=8, alias="EVENT_STREAMS_PER_USER")
    # Event streams in total (long-lived connections): half the connection cap by default, so
    # streams from many users can never take the connections requests and health need.
    http_max_event_streams: int = Field(default=2048, ge=1, alias="HTTP_MAX_EVENT_STREAMS")
    # Local auth mode only: the Host names the API answers to (any port), and the peers that
    # may sign in with just an e-mail.
    allowed_hosts: str = Field(default="localhost,127.0.0.1,[::1]", alias="ALLOWED_HOSTS")
    local_sign_in_peers: str = Field(default="127.0.0.0/8,::1", alias="LOCAL_SIGN_IN_PEERS")

    # --- distributed dispatch: Google Cloud Tasks (docs/deploy-cloud-run.md) -----------------
    # `background`: the embedded queue in this process (the default; needs nothing from Google).
    # `cloud_tasks`: every job is an HTTP task on a Cloud Tasks queue, delivered to
    # `TASKS_SERVICE_URL/api/tasks/process-document` by Google, so any replica may run it.
    task_dispatch: Literal["background", "cloud_tasks"] = Field(
        default="background", alias="TASK_DISPATCH"
    )
    gcp_project_id: str = Field(default="", alias="GCP_PROJECT_ID")
    gcp_location: str = Field(default="us-central1", alias="GCP_LOCATION")
    cloud_tasks_queue: str = Field(default="document-processing", alias="CLOUD_TASKS_QUEUE")
    # The base URL the queue calls (the Cloud Run service URL); also the OIDC token's audience.
    tasks_service_url: str = Field(default="", alias="TASKS_SERVICE_URL")
    # The identity Cloud Tasks signs its OIDC tokens as; the handler accepts only this email.
    tasks_service_account: str = Field(default="", alias="TASKS_SERVICE_ACCOUNT")
    # `oidc`: the handler verifies Google's token itself. `platform`: trust Cloud Run's own IAM
    # check (`--no-allow-unauthenticated`): only behind it, or with the emulator.
    tasks_auth: Literal["oidc", "platform"] = Field(default="oidc", alias="TASKS_AUTH")
    tasks_oidc_certs_url: str = Field(
        default="https://www.googleapis.com/oauth2/v1/certs", alias="TASKS_OIDC_CERTS_URL"
    )
    # `host:port` of a Cloud Tasks emulator: plain gRPC, no Google credentials.
    cloud_tasks_emulator_host: str = Field(default="", alias="CLOUD_TASKS_EMULATOR_HOST")
    # Upper bound on one enqueue, retries included; past it the sweeper re-enqueues later.
    cloud_tasks_timeout_s: float = Field(default=10, alias="CLOUD_TASKS_TIMEOUT_S")
    # Each task's dispatch deadline: how long the queue waits for one delivery before it
    # counts the attempt failed and delivers again (Cloud Tasks allows 15-1800 s for HTTP
    # targets; Cloud Run's --timeout must be at least this). A delivery never starts a step
    # (OCR_TIMEOUT_S, METADATA_TIMEOUT_S) that would not end inside it; it hands the rest back
    # as a new task instead (app/pipeline/budget.py).
    cloud_tasks_dispatch_deadline_s: float = Field(
        default=900, ge=15, le=1800, alias="CLOUD_TASKS_DISPATCH_DEADLINE_S"
    )
    # The queue's retry count (X-CloudTasks-TaskRetryCount) at which a transient failure marks
    # the document failed: 4 = the fifth attempt of a queue with max attempts 5.
    max_retry_count: int = Field(default=4, ge=0, alias="MAX_RETRY_COUNT")
    # A free queued job (waiting for a Cloud Task) older than this is dispatched again.
    stuck_job_threshold_s: float = Field(default=300, gt=0, alias="STUCK_JOB_THRESHOLD_S")

    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    # text for people, json (one object a line, document_id/job/attempt as fields) for production
    log_format: Literal["text", "json"] = Field(default="text", alias="LOG_FORMAT")
    # the HTTP access log (preflights, thumbnails and health only at LOG_LEVEL=DEBUG)
    access_log: bool = Field(default=True, alias="ACCESS_LOG")

    @property
    def inbox_path(self) -> Path | None:
        """The watched folder, absolute; None when the folder channel is off."""
        return (
            Path(self.inbox_dir.strip()).expanduser().resolve() if self.inbox_dir.strip() else None
        )

    @property
    def ocr_language_list(self) -> tuple[str, ...]:
        """`OCR_LANGUAGES` as a tuple of pack names, in order, without repeats."""
        names = self.ocr_languages.replace("+", ",").replace(" ", ",").split(",")
        return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))

    @model_validator(mode="after")
    def _resolve_providers(self) -> Settings:
        """Pick each provider from the keys present unless it was forced explicitly."""
        supabase = bool(self.supabase_url and self.supabase_service_role_key)
        self.ocr_provider = self.ocr_provider or ("mistral" if self.mistral_api_key else "local")
        self.metadata_provider = self.metadata_provider or (
            "claude" if self.anthropic_api_key else "local"
        )
        self.storage_provider = self.storage_provider or ("supabase" if supabase else "local")
        self.auth_provider = self.auth_provider or ("supabase" if self.supabase_url else "local")
        if self.storage_provider == "supabase" and not supabase:
            raise ValueError(
                "STORAGE_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY"
            )
        if self.auth_provider == "supabase" and not self.supabase_url:
            raise ValueError("AUTH_PROVIDER=supabase needs SUPABASE_URL")
        if self.auth_provider == "local" and self.supabase_url:
            # Local sign-in mints a token for any e-mail: next to a real Supabase project that
            # would let anybody in as anybody.
            raise ValueError(
                "AUTH_PROVIDER=local cannot be used with SUPABASE_URL set: local "
                "sign-in needs no password. Unset SUPABASE_URL for local mode, or "
                "use AUTH_PROVIDER=supabase"
            )
        bad = [n for n in self.ocr_language_list if not n.replace("_", "").isalnum()]
        if bad or not self.ocr_language_list:
            raise ValueError(
                "OCR_LANGUAGES must list Tesseract language packs, e.g. eng,deu,fra "
                f"(got {self.ocr_languages!r})"
            )
        if self.ocr_provider == "mistral" and not self.mistral_api_key:
            raise ValueError("OCR_PROVIDER=mistral needs MISTRAL_API_KEY")
        if self.metadata_provider == "claude" and not self.anthropic_api_key:
            raise ValueError("METADATA_PROVIDER=claude needs ANTHROPIC_API_KEY")
        for name in (
            "mistral_api_key",
            "anthropic_api_key",
            "supabase_service_role_key",
            "supabase_jwt_secret",
        ):
            value = getattr(self, name).strip().lower()
            if value in PLACEHOLDERS or value.startswith(("your-", "your_", "<")):
                raise ValueError(
                    f"{name.upper()} is a placeholder ({getattr(self, name)!r}); "
                    "set the real value or leave it empty"
                )
        if self.task_dispatch == "cloud_tasks":
            self._check_cloud_tasks()
            if "recovery_interval_s" not in self.model_fields_set:
                # Cloud Scheduler sweeps (POST /api/tasks/sweep every 5 minutes). An in-process
                # timer on Cloud Run runs only while the instance has CPU (during requests),
                # and a sweep frozen mid-transaction would hold row locks a task's claim waits
                # on. Set RECOVERY_INTERVAL_S to sweep in-process too (always-on CPU, VMs).
                self.recovery_interval_s = 0
        self.data_dir = self.data_dir.resolve()
        if self.imap_url.strip():
            if not self.imap_owner.strip():
                raise ValueError(
                    "IMAP_URL needs IMAP_OWNER: the e-mail (or user id) whose documents the "
                    "mailbox's attachments become"
                )
            if not self.imap_url.startswith(("imap://", "imaps://")):
                raise ValueError("IMAP_URL must start with imaps:// (or imap:// on this machine)")
        if self.inbox_dir.strip() and not self.inbox_owner.strip():
            raise ValueError(
                "INBOX_DIR needs INBOX_OWNER: the e-mail (or user id) whose documents "
                "the folder's files become"
            )
        if self.ocr_documents_in_flight <= 0:
            per_worker = 4 if self.ocr_provider == "local" else 1
            self.ocr_documents_in_flight = max(1, self.ocr_concurrency) * per_worker
        return self

    def _check_cloud_tasks(self) -> None:
        """Refuse a queue we could not reach or a handler nobody could call, naming what is
        missing, instead of losing every upload's task at run time."""
        emulator = bool(self.cloud_tasks_emulator_host)
        required = ["GCP_PROJECT_ID", "GCP_LOCATION", "CLOUD_TASKS_QUEUE", "TASKS_SERVICE_URL"]
        if not emulator:
            # Google signs the token as this account; the emulator sends no token at all.
            required.append("TASKS_SERVICE_ACCOUNT")
        missing = [name for name in required if not getattr(self, name.lower()).strip()]
        if missing:
            raise ValueError(f"TASK_DISPATCH=cloud_tasks needs {', '.join(missing)}")
        self.tasks_service_url = self.tasks_service_url.strip().rstrip("/")
        if not self.tasks_service_url.startswith(("https://", "http://")):
            raise ValueError(
                "TASKS_SERVICE_URL must be the service's base URL, "
                f"https://… (got {self.tasks_service_url!r})"
            )
        if emulator and self.tasks_auth == "oidc":
            raise ValueError(
                "CLOUD_TASKS_EMULATOR_HOST is set but the emulator sends no OIDC "
                "token, so every task would be refused: set TASKS_AUTH=platform"
            )
        if emulator and ":" not in self.cloud_tasks_emulator_host:
            raise ValueError(
                "CLOUD_TASKS_EMULATOR_HOST must be host:port "
                f"(got {self.cloud_tasks_emulator_host!r})"
            )
        if self.tasks_auth == "oidc" and not self.tasks_oidc_certs_url:
            raise ValueError("TASKS_AUTH=oidc needs TASKS_OIDC_CERTS_URL")
        longest = max(self.ocr_timeout_s, self.metadata_timeout_s)
        if self.cloud_tasks_dispatch_deadline_s < longest + self.task_deadline_margin_s:
            raise ValueError(
                f"CLOUD_TASKS_DISPATCH_DEADLINE_S ({self.cloud_tasks_dispatch_deadline_s:g}) "
                "must leave room for the longest step (OCR_TIMEOUT_S, METADATA_TIMEOUT_S: "
                f"{longest:g}) plus {self.task_deadline_margin_s:g} s for its writes and a "
                "hand-back; no delivery could run it"
            )

    @property
    def task_deadline_margin_s(self) -> float:
        """What a Cloud Task delivery keeps back after its last step: the step's writes, one
        task create to hand the rest back (`CLOUD_TASKS_TIMEOUT_S`), the answer."""
        return self.cloud_tasks_timeout_s + 5

    @property
    def cloud_tasks_queue_path(self) -> str:
        """`projects/P/locations/L/queues/Q`, the parent of every task."""
        return (
            f"projects/{self.gcp_project_id}/locations/{self.gcp_location}"
            f"/queues/{self.cloud_tasks_queue}"
        )

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


@lru_cache
def get_settings() -> Settings:
    return Settings()


def describe_invalid(exc: ValidationError) -> str:
    """One line for a person starting the server with a bad setting: which variable and why,
    never a traceback (`python -m app` prints this and exits)."""
    parts = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error.get("loc", ()) if p != "__root__")
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        value = error.get("input")
        if name and not isinstance(value, dict):
            parts.append(f"{name}: {message} (got {value!r})")
        else:
            parts.append(message)
    return "invalid configuration: " + "; ".join(parts)
