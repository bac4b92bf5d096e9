"""One settings object for the whole assistant, read from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def _in_checkout() -> bool:
    """Run from a clone of the repository (or an editable install of one)."""
    return (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "knowledge").is_dir()


def default_knowledge_dir() -> Path:
    """knowledge/ of the checkout, or the copy installed inside the package."""
    if _in_checkout():
        return REPO_ROOT / "knowledge"
    return Path(__file__).resolve().parent / "knowledge"


def default_data_dir() -> Path:
    """data/ of the checkout; for an installed assistant, a folder in the user's home."""
    if _in_checkout():
        return REPO_ROOT / "data"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "white-paper-assistant"


class Settings(BaseSettings):
    """Where things live and how answers are made.

    Built once (by `Settings()`) and handed to `build_assistant`; nothing else reads the
    environment, so tests can pass their own.
    """

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", frozen=True)

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where index versions and derived files live (git-ignored).",
    )
    knowledge_dir: Path = Field(
        default_factory=default_knowledge_dir,
        description="The shipped documents and reference data (bodies.yaml, topics.yaml).",
    )
    passage_tokens: int = Field(
        default=160, ge=32, le=1000, description="Target passage size in cl100k tokens."
    )
    retrieve_k: int = Field(default=8, ge=1, le=50, description="Passages handed to composition.")
    candidates_k: int = Field(
        default=30,
        ge=5,
        le=500,
        description="Candidates from each of dense and BM25 before fusion.",
    )
    max_evidence: int = Field(default=5, ge=1, le=12, description="Most sentences in an answer.")
    max_question_chars: int = Field(default=2000, ge=50, le=100_000)
    min_relevance: float = Field(
        default=0.32,
        ge=0.0,
        le=1.0,
        description="Cosine similarity a sentence must reach to count as evidence.",
    )
    keep_versions: int = Field(default=3, ge=1, description="Index versions kept after a build.")
    # A shared Chroma server (assistant/index/stores.py); README "Several workers, one Chroma
    # server".
    chroma_host: str | None = Field(
        default=None,
        description="Host of a Chroma server (`chroma run`) holding the vectors; unset: an "
        "embedded Chroma inside each index version folder.",
    )
    chroma_port: int = Field(default=8000, ge=1, le=65535, description="Port of that server.")

    # The HTTP API and the embeddable widget (assistant/http/app.py); README "Embedding"
    # documents them.
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Host page origins (https://intranet.example) that may frame the widget and "
        "call the API from a browser, comma-separated. Empty: none, only the API's own pages.",
    )
    token_secret: SecretStr | None = Field(
        default=None,
        description="Shared HMAC secret; when set, every answer needs a token minted with it.",
    )
    token_max_seconds: int = Field(
        default=900, ge=30, le=86_400, description="Longest lifetime a token may claim."
    )
    rate_limit: str = Field(
        default="30/minute",
        description="Answers per client, e.g. '30/minute' or '500/day'; empty for no limit.",
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="Where rate counts live; redis://host:6379 shares them between workers.",
    )
    max_request_bytes: int = Field(
        default=32_768, ge=1024, le=10_000_000, description="Largest request body accepted."
    )
    max_history: int = Field(
        default=10, ge=0, le=100, description="Most earlier questions a request may carry."
    )
    log_questions: bool = Field(
        default=False,
        description="Log questions and requests (off: questions may hold personal data).",
    )

    # An optional OpenAI-compatible model for fluent answers (assistant/answer/fluent.py);
    # README "Fluent answers". Unset: every answer is extractive and nothing is sent anywhere.
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (vLLM, llama.cpp "
        "server, Ollama, Azure OpenAI). Empty: extractive answers only.",
    )
    llm_model: str = Field(default="default", description="Model name the endpoint expects.")
    llm_api_key: SecretStr | None = Field(default=None, description="Key for the endpoint.")
    llm_timeout: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="Seconds the model may take for a whole answer before the extractive one "
        "is shown instead.",
    )
    llm_max_tokens: int = Field(
        default=400, ge=32, le=4000, description="Longest answer the model may write, in tokens."
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> list[str]:
        items = value.split(",") if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        origins = []
        for item in (str(i).strip().rstrip("/") for i in items):
            if not item:
                continue
            parts = urlsplit(item)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
                raise ValueError(f"{item!r} is not an origin like https://intranet.example")
            origins.append(f"{parts.scheme}://{parts.netloc.lower()}")
        return origins

    @field_validator("llm_base_url", mode="before")
    @classmethod
    def _llm_url(cls, value: object) -> str | None:
        url = str(value or "").strip().rstrip("/")
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{url!r} is not an endpoint like http://127.0.0.1:8080/v1")
        return url

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def bodies_file(self) -> Path:
        """The sector bodies known by name, their aliases and people."""
        return self.knowledge_dir / "bodies.yaml"

    @property
    def topics_file(self) -> Path:
        """The topic ids, labels and descriptions positions are grouped by."""
        return self.knowledge_dir / "topics.yaml"

    @property
    def sources_dir(self) -> Path:
        """The documents shipped with the assistant, always in the index."""
        return self.knowledge_dir / "sources"
