"""Sentence and passage vectors of a build: what each is made from, and reusing the last ones.

An ingest embeds only text the current version has not embedded already (keyed by a hash of
the very words embedded), so adding one document does not re-embed the corpus.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from assistant.embedding import Encoder
from assistant.index.versions import IndexUnavailable, current_folder, load_data
from assistant.models import Passage, Sentence
from assistant.text import entry_meaning


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def previous_vectors(root: Path) -> dict[str, np.ndarray]:
    """Vectors already computed by the current version, keyed by text hash."""
    try:
        old = load_data(current_folder(root))
    except IndexUnavailable:
        return {}
    known: dict[str, np.ndarray] = {}
    for i, passage in enumerate(old.passages):
        known[text_key(passage.text)] = old.passage_vectors[i]
        source = old.sources[passage.source_id]
        for j, s in enumerate(passage.sentences):
            known[text_key(embedded_text(source.text, passage, s))] = old.sentence_vectors[
                old.sentence_offsets[i] + j
            ]
    return known


def embedded_text(text: str, passage: Passage, sentence: Sentence) -> str:
    """The words of a sentence its vector is made from: a digest entry's without provenance."""
    if passage.kind == "digest":
        return entry_meaning(text, sentence.start, sentence.end)
    return text[sentence.start : sentence.end]


def embed_texts(
    texts: list[str], known: dict[str, np.ndarray], encoder: Encoder
) -> tuple[np.ndarray, int]:
    """Vectors of `texts`, embedding only those `known` lacks; and how many were embedded."""
    missing = sorted({t for t in texts if text_key(t) not in known})
    if missing:
        for text, vector in zip(missing, encoder.documents(missing), strict=True):
            known[text_key(text)] = vector
    if not texts:
        return np.zeros((0, 384), dtype=np.float32), 0
    return np.stack([known[text_key(t)] for t in texts]).astype(np.float32), len(missing)
