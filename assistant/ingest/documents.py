"""Read documents into `Source`s: the shipped knowledge/ folder and files officers add.

Every problem with a file becomes a `SourceError` whose message is one plain line, because the CLI
and the chat show it as it is.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.analysis.policies import Policies
from assistant.errors import SourceError
from assistant.ingest.readers import READERS, ReaderError
from assistant.models import SOURCE_KINDS, Source

MAX_FILE_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
SUFFIXES = TEXT_SUFFIXES | set(READERS)
# How common file types begin, to say what a mislabelled file really is.
_MAGIC = {
    b"%PDF-": "a PDF",
    b"PK\x03\x04": "a zip file (such as a Word document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old-style Office document",
}
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.DOTALL)
_META_FIELDS = (
    "title",
    "publisher",
    "author",
    "date",
    "url",
    "kind",
    "speaks_for",
    "origin",
    "reader_comments_from",
    "added",
    "about",
)
# Fields that describe the corpus rather than the document, left out of its content hash so that
# adding the same file again is recognised as the same document.
_NOT_HASHED = ("added",)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "document"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, once it is known to exist, hold something and not be too big."""
    if not path.is_file():
        raise SourceError(f"{path.name}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path.name}: the file is empty")
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"{path.name}: the file is {size // (1024 * 1024)} MB; the limit is "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
        )
    return path.read_bytes()


def _read_text(path: Path) -> str:
    raw = _read_bytes(path)
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise SourceError(f"{path.name}: this is a binary file ({what}), not text")
    if b"\x00" in raw[:8192]:
        raise SourceError(f"{path.name}: this is a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None


def split_front_matter(path: Path, raw: str) -> tuple[dict[str, Any], str]:
    """Front matter (as a dict) and the body that follows it, verbatim."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        if raw.startswith("---"):
            raise SourceError(f"{path.name}: front matter is not closed with a '---' line")
        return {}, raw
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 2}" if where else ""
        raise SourceError(f"{path.name}: front matter is not valid YAML{line}") from None
    if not isinstance(meta, dict):
        raise SourceError(f"{path.name}: front matter must be a set of 'key: value' lines")
    return meta, raw[match.end() :]


def content_hash(meta: dict[str, Any], text: str) -> str:
    meta = {k: v for k, v in meta.items() if k not in _NOT_HASHED}
    payload = json.dumps(meta, sort_keys=True, default=str) + "\n" + text
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def make_source(path: Path, meta: dict[str, Any], text: str) -> Source:
    """Validate metadata and text into a Source, with plain one-line errors."""
    meta = {
        k: (str(v) if k == "date" and v is not None else v)
        for k, v in meta.items()
        if k in _META_FIELDS
    }
    if not text.strip():
        raise SourceError(f"{path.name}: the document has no text after its front matter")
    if not meta.get("title"):
        raise SourceError(f"{path.name}: a title is needed (front matter 'title:' or --title)")
    if not meta.get("kind"):
        raise SourceError(
            f"{path.name}: say what kind of document this is, with front matter 'kind:' or "
            f"--kind ({', '.join(SOURCE_KINDS)})"
        )
    if meta.get("kind") not in SOURCE_KINDS:
        raise SourceError(
            f"{path.name}: kind must be one of {', '.join(SOURCE_KINDS)} (got {meta.get('kind')!r})"
        )
    if meta.get("about") is not None:
        meta["stated_about"] = _stated_about(path, meta.pop("about"))
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:10000])
    if printable < 0.95 * min(len(text), 10000):
        raise SourceError(f"{path.name}: this does not look like readable text")
    try:
        return Source(
            id=slugify(path.stem), text=text, content_hash=content_hash(meta, text), **meta
        )
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise SourceError(f"{path.name}: front matter field '{field}' is not valid") from None


def _stated_about(path: Path, value: object) -> str:
    """The paper a document is said to be about, checked against knowledge/policies.yaml."""
    policies = Policies.load()
    stated = str(value).strip().lower()
    if policies.get(stated) is None:
        raise SourceError(
            f"{path.name}: 'about' must be one of {', '.join(policies.ids)} (got {value!r})"
        )
    return stated


def with_policy(source: Source, policies: Policies) -> Source:
    """The source labelled with the policy paper it is about: as an officer or its front
    matter stated, or else as its title, address, date and text show (analysis/policies.py)."""
    if source.stated_about and policies.get(source.stated_about) is not None:
        verdict = policies.declared(source.stated_about, "Marked by hand as")
    else:
        verdict = policies.judge(source.title, source.text, source.url, source.date)
    return source.model_copy(
        update={
            "about": verdict.about,
            "about_title": verdict.title,
            "about_reason": verdict.reason,
        }
    )


def read_document(path: Path, overrides: dict[str, Any] | None = None) -> Source:
    """Read a file by its type; CLI flags in `overrides` win over what the file says.

    Markdown and text take metadata from front matter; PDF, HTML and Word files from what the
    file records about itself (a PDF's title, a web page's heading, date and publisher).
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SourceError(
            f"{path.name}: unsupported file type '{path.suffix}' "
            f"(use {', '.join(sorted(SUFFIXES))})"
        )
    if suffix in READERS:
        try:
            extracted = READERS[suffix](_read_bytes(path))
        except ReaderError as exc:
            raise SourceError(f"{path.name}: {exc}") from None
        meta, body = dict(extracted.meta), extracted.text
    else:
        meta, body = split_front_matter(path, _read_text(path))
    meta.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return make_source(path, meta, body)


def read_folder(folder: Path) -> list[Source]:
    """Every document in a folder, in a stable order; ids must be unique."""
    if not folder.is_dir():
        return []
    sources = [read_document(p) for p in sorted(folder.iterdir()) if p.suffix in TEXT_SUFFIXES]
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise SourceError(f"{folder.name}: two documents share the id '{source.id}'")
        seen.add(source.id)
    return sources


def write_document(source: Source, folder: Path) -> Path:
    """Keep an added document as Markdown with front matter, so a rebuild never loses it."""
    meta = source.model_dump(include=set(_META_FIELDS) - {"about"}, exclude_none=True)
    if source.stated_about:  # what an officer said, never what ingestion judged
        meta["about"] = source.stated_about
    body = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.id}.md"
    tmp = target.with_suffix(".md.tmp")
    tmp.write_text(body + source.text, encoding="utf-8")
    tmp.replace(target)
    return target
