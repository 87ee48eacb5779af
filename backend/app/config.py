"""All configuration, read once from the environment (and `.env`).

Every switch between local mode and Supabase/cloud mode lives here, so the rest of the code asks
`settings.ocr_provider` instead of sniffing environment variables itself.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
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
    cors_origins: str = Field(default="http://localhost:3000,http://127.0.0.1:3000", alias="CORS_ORIGINS")

    # --- uploads -----------------------------------------------------------------------------
    max_upload_mb: float = Field(default=50, alias="MAX_UPLOAD_MB")
    usage_limit_per_month: int = Field(default=1000, alias="USAGE_LIMIT_PER_MONTH")

    # --- providers ---------------------------------------------------------------------------
    ocr_provider: Literal["", "local", "mistral"] = Field(default="", alias="OCR_PROVIDER")
    metadata_provider: Literal["", "local", "claude"] = Field(default="", alias="METADATA_PROVIDER")
    storage_provider: Literal["", "local", "supabase"] = Field(default="", alias="STORAGE_PROVIDER")
    auth_provider: Literal["", "local", "supabase"] = Field(default="", alias="AUTH_PROVIDER")

    mistral_api_key: str = Field(default="", alias="MISTRAL_API_KEY")
    mistral_server_url: str = Field(default="", alias="MISTRAL_SERVER_URL")
    mistral_ocr_model: str = Field(default="mistral-ocr-latest", alias="MISTRAL_OCR_MODEL")
    mistral_timeout_s: float = Field(default=120, alias="MISTRAL_TIMEOUT_S")

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
    tesseract_lang: str = Field(default="eng", alias="TESSERACT_LANG")
    ocr_dpi: int = Field(default=200, alias="OCR_DPI")

    # --- pipeline and recovery ---------------------------------------------------------------
    ocr_concurrency: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1), alias="OCR_CONCURRENCY")
    ocr_timeout_s: float = Field(default=600, alias="OCR_TIMEOUT_S")
    metadata_timeout_s: float = Field(default=180, alias="METADATA_TIMEOUT_S")
    max_pages: int = Field(default=2000, alias="MAX_PAGES")
    max_image_pixels: int = Field(default=60_000_000, alias="MAX_IMAGE_PIXELS")
    transient_retries: int = Field(default=3, alias="TRANSIENT_RETRIES")
    lease_ttl_s: float = Field(default=60, alias="LEASE_TTL_S")
    heartbeat_interval_s: float = Field(default=15, alias="HEARTBEAT_INTERVAL_S")
    recovery_interval_s: float = Field(default=30, alias="RECOVERY_INTERVAL_S")
    recovery_batch_size: int = Field(default=50, alias="RECOVERY_BATCH_SIZE")
    max_retries: int = Field(default=3, alias="MAX_RETRIES")
    shutdown_grace_s: float = Field(default=20, alias="SHUTDOWN_GRACE_S")

    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    # text for people, json (one object a line, document_id/job/attempt as fields) for production
    log_format: Literal["text", "json"] = Field(default="text", alias="LOG_FORMAT")
    # the HTTP access log (preflights, thumbnails and health only at LOG_LEVEL=DEBUG)
    access_log: bool = Field(default=True, alias="ACCESS_LOG")

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
            raise ValueError("STORAGE_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY")
        if self.auth_provider == "supabase" and not self.supabase_url:
            raise ValueError("AUTH_PROVIDER=supabase needs SUPABASE_URL")
        if self.ocr_provider == "mistral" and not self.mistral_api_key:
            raise ValueError("OCR_PROVIDER=mistral needs MISTRAL_API_KEY")
        if self.metadata_provider == "claude" and not self.anthropic_api_key:
            raise ValueError("METADATA_PROVIDER=claude needs ANTHROPIC_API_KEY")
        for name in ("mistral_api_key", "anthropic_api_key", "supabase_service_role_key",
                     "supabase_jwt_secret"):
            value = getattr(self, name).strip().lower()
            if value in PLACEHOLDERS or value.startswith(("your-", "your_", "<")):
                raise ValueError(f"{name.upper()} is a placeholder ({getattr(self, name)!r}); "
                                 "set the real value or leave it empty")
        self.data_dir = self.data_dir.resolve()
        return self

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


@lru_cache
def get_settings() -> Settings:
    return Settings()
