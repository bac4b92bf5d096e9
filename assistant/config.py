"""One settings object for the whole assistant, read from ASSISTANT_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where things live and how answers are made.

    Built once (by `Settings()`) and handed to `build_assistant`; nothing else reads the
    environment, so tests can pass their own.
    """

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", frozen=True)

    data_dir: Path = Field(
        default=REPO_ROOT / "data",
        description="Where index versions and derived files live (git-ignored).",
    )
    knowledge_dir: Path = Field(
        default=REPO_ROOT / "knowledge",
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

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"
