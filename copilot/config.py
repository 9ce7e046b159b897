"""One settings class for every command and every face (README.md, "Settings")."""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from copilot.clock import Clock, FixedClock, SystemClock

DEFAULT_SECRET = "change-me"
MIN_SECRET_KEY_CHARS = 32
_PLACEHOLDER = re.compile(r"change[-_ ]?me|replace[-_ ]?(?:me|with)|\.\.\.|…|^<.*>$", re.IGNORECASE)


def placeholder_secret(value: str) -> bool:
    """True for a secret that is blank or reads like a placeholder (change-me, replace-with-…, "...", <secret>)."""
    text = value.strip()
    return not text or bool(_PLACEHOLDER.search(text))


class ApiLimits(BaseModel):
    """Limits of the HTTP app (`Settings.api`), read from the COPILOT_API_* environment variables."""

    max_json_bytes: int = Field(default=1_000_000, ge=1_024, description="body limit of every non-upload route")
    max_upload_bytes: int = Field(
        default=20_000_000, ge=1_024, description="body limit of uploads (documents, imports)"
    )
    max_document_bytes: int = Field(default=10_000_000, ge=1_024, description="largest file one document upload may be")
    max_document_passages: int = Field(
        default=2_000, ge=1, description="passages (chunks and their sentences) one document upload may embed"
    )
    max_ingest_jobs: int = Field(
        default=2, ge=1, description="document uploads a merchant may have being stored at once"
    )
    ingest_stale_s: float = Field(
        default=120.0,
        gt=0,
        description="a document upload that stored no passages this long is failed (its worker died or a call hung)",
    )
    max_message_chars: int = Field(default=4_000, ge=1, description="longest chat message accepted")
    rate_per_minute: float = Field(default=120.0, gt=0, description="sustained requests per key and minute")
    rate_burst: int = Field(default=30, ge=1, description="requests a key may send at once")
    run_lease_s: float = Field(
        default=30.0, gt=0, description="a run whose worker stopped renewing its lease this long ago loses its thread"
    )
    run_heartbeat_s: float = Field(default=5.0, gt=0, description="how often a worker renews its runs' leases")
    turns_at_once: int | None = Field(
        default=None,
        ge=1,
        description="chat turns one worker runs at once, the others waiting in order (approvals never wait); "
        "unset: no limit of their own (the shared thread pool of 40)",
    )

    @model_validator(mode="after")
    def _heartbeat_within_lease(self) -> ApiLimits:
        if self.run_heartbeat_s * 2 > self.run_lease_s:
            raise ValueError("COPILOT_API_RUN_HEARTBEAT_S must be at most half of COPILOT_API_RUN_LEASE_S")
        return self


class Settings(BaseSettings):
    """Every setting, from COPILOT_* environment variables (or .env); the HTTP app's limits are the `api` section
    (COPILOT_API_MAX_JSON_BYTES is `api.max_json_bytes`)."""

    model_config = SettingsConfigDict(
        env_prefix="COPILOT_",
        env_file=".env",
        extra="ignore",
        hide_input_in_errors=True,
        env_nested_delimiter="_",
        env_nested_max_split=1,
    )

    environment: str = Field(default="development", description="development | production")
    data_dir: Path = Field(default=Path("./data"), description="SQLite store, Chroma, creatives, charts")
    db_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data_dir")
    model: str = Field(default="offline", description="'offline' or a LangChain 'provider:model' string")
    base_url: str | None = None
    api_key: SecretStr | None = None
    chroma_url: str | None = Field(default=None, description="Chroma server URL; unset: local folder")
    redis_url: str | None = Field(
        default=None, description="Redis URL for rate limits shared by every worker; unset: per-worker limits"
    )
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    sql_row_cap: int = Field(default=500, ge=1, le=100_000)
    sql_timeout_s: float = Field(default=5.0, gt=0, le=300)
    sql_result_max_bytes: int = Field(
        default=1 << 20, ge=1024, le=1 << 30, description="bytes of one query's rows (texts as UTF-8; fetching stops)"
    )
    sql_max_value_bytes: int = Field(
        default=128 << 10, ge=1024, le=64 << 20, description="the longest text one query may build or search"
    )
    sql_max_pattern_chars: int = Field(
        default=256, ge=16, le=100_000, description="LIKE/GLOB patterns and searched-for texts of one query, together"
    )
    sql_max_query_chars: int = Field(default=10_000, ge=500, le=1_000_000, description="length of one query's SQL")
    sql_max_concurrent_per_merchant: int = Field(
        default=2, ge=1, le=100, description="queries one merchant runs at once per worker; more are refused"
    )
    tool_output_max_bytes: int = Field(
        default=256 << 10, ge=4096, le=64 << 20, description="what one tool call leaves in the thread (checkpoint)"
    )
    db_busy_timeout_s: float = Field(
        default=5.0, gt=0, le=300, description="lock wait of a statement (SQLite busy timeout, PostgreSQL lock_timeout)"
    )
    model_timeout_s: float = Field(default=60.0, gt=0)
    model_max_retries: int = Field(default=2, ge=0, le=10)
    step_limit: int = Field(default=12, ge=2, le=100)
    today: date | None = Field(
        default=None, description="fixed 'today'; unset: a demo store's own date, else the system clock"
    )
    product_image_max_bytes: int = Field(
        default=5_000_000, ge=1024, le=100_000_000, description="largest product photo uploaded or fetched"
    )
    image_fetch_timeout_s: float = Field(default=10.0, gt=0, le=120, description="time limit of one photo fetch in all")
    image_fetch_allow_private: bool = Field(
        default=False, description="fetch photos from private and loopback addresses too (tests, closed networks)"
    )
    channels_file: Path | None = Field(
        default=None, description="YAML of the Slack/DingTalk bots and digest targets (copilot/messaging/config.py)"
    )
    digest_interval_minutes: int = Field(
        default=0, ge=0, description="the server posts the anomaly digest this often; 0: off (`copilot watch`)"
    )
    api: ApiLimits = Field(default_factory=ApiLimits, description="limits of the HTTP app (COPILOT_API_*)")

    @model_validator(mode="after")
    def _refuse_weak_secrets(self) -> Settings:
        key = self.secret_key.get_secret_value()
        if not key.strip():
            raise ValueError("COPILOT_SECRET_KEY is blank (unset it to use the development default)")
        if self.environment != "development" and (placeholder_secret(key) or len(key.strip()) < MIN_SECRET_KEY_CHARS):
            raise ValueError(
                f"COPILOT_SECRET_KEY must be a random string of at least {MIN_SECRET_KEY_CHARS} characters outside "
                "development (not a placeholder such as change-me); e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`"
            )
        return self

    @cached_property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{(self.data_dir / 'copilot.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def charts_dir(self) -> Path:
        return self.data_dir / "charts"

    @property
    def creatives_dir(self) -> Path:
        return self.data_dir / "creatives"

    def data_file(self, stored: str) -> Path:
        """A file the store names relative to the data folder (a creative's `image_path`), as a path to open."""
        return self.data_dir / stored

    def clock(self, anchor: date | None = None) -> Clock:
        """A fixed clock on `today` when set, else on `anchor` (a demo store's date), else the system clock."""
        day = self.today or anchor
        return FixedClock.on(day) if day else SystemClock()


def get_settings() -> Settings:
    return Settings()
