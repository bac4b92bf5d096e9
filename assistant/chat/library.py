"""The documents behind the answers: the sidebar filters, "About the sources" and adding one.

Adding a document goes through the same path as `python -m assistant ingest FILE`: read it with
`read_document`, then build a new index version with it. The build writes a new version and only
switches to it when complete, so everyone else keeps getting answers from the current one while it
runs, and a file that cannot be read changes nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from assistant.chat.cards import readable_date
from assistant.errors import IndexBusy, IndexUnavailable, SourceError
from assistant.labels import about_label, kind_label
from assistant.models import SOURCE_KINDS, Filters
from assistant.service import (
    MAX_FILE_BYTES,
    SUFFIXES,
    Assistant,
    policy_papers,
    read_document,
)
from assistant.text import is_web_link, markdown_text

# Every type read_document reads: Markdown, text, HTML, PDF (and Word, where its reader exists).
UPLOAD_TYPES = sorted(suffix.lstrip(".") for suffix in SUFFIXES)
_ADDED = "document_added"


def show_filters(assistant: Assistant) -> tuple[Filters, dict[str, list[str]]]:
    """Sidebar choices that limit which passages answers may quote."""
    with st.sidebar:
        st.header("Limit the answers")
        kinds = st.multiselect(
            "Kinds of document",
            list(SOURCE_KINDS),
            format_func=kind_label,
            placeholder="All kinds",
            help="Answers quote only documents of the kinds chosen.",
        )
        bodies = st.multiselect(
            "Sector bodies",
            assistant.bodies(),
            placeholder="All bodies",
            help="Answers quote only passages where one of these bodies is speaking.",
        )
        if kinds or bodies:
            st.caption("Answers are limited to your choices. Clear them to search everything.")
    limits = {"kinds": kinds, "bodies": bodies}
    return Filters(kinds=tuple(kinds) or None, bodies=tuple(bodies) or None), limits


def show_sources(assistant: Assistant) -> None:
    st.header("About the sources")
    counts = assistant.passage_counts()
    sources = sorted(
        assistant.sources(), key=lambda s: (s.kind != "white-paper", s.date or "", s.title)
    )
    st.markdown(
        f"Answers come only from these {len(sources)} documents, held on this computer. "
        "Each is split into passages of a few sentences; answers quote those passages."
    )
    rows = [
        {
            "Title": s.title,
            "Kind": kind_label(s.kind),
            "Published by": s.publisher or "not known",
            "Author": s.author or "",
            "Date": readable_date(s.date),
            "Passages": counts.get(s.id, 0),
            "About": about_label(s.about_title) if s.about_title else "The integration white paper",
        }
        for s in sources
    ]
    st.table(rows)
    if any(s.about for s in sources):
        st.caption(
            "A document about another policy paper is never shown as a view on the integration "
            "white paper. It is quoted only when no document about the white paper covers a "
            "point, and the answer then says so."
        )
    links = [
        f"- [{markdown_text(s.title)} (opens in a new tab)](<{s.url}>)"
        for s in sources
        if is_web_link(s.url)
    ]
    if links:
        st.subheader("Read the originals")
        st.markdown("\n".join(links))


def _save_upload(folder: Path, name: str, data: bytes) -> Path:
    """Keep the upload under its own base name, so the document's id comes from its file name."""
    safe = Path(name).name.strip() or "document.txt"
    path = folder / safe
    path.write_bytes(data)
    return path


def _add(assistant: Assistant, upload: object, meta: dict[str, str | None]) -> str:
    """Read and index one uploaded document; returns what to tell the officer on success."""
    with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
        path = _save_upload(Path(tmp), upload.name, upload.getvalue())  # type: ignore[attr-defined]
        source = read_document(path, meta)
        with st.status(f"Adding “{source.title}”…", expanded=True) as status:
            report = assistant.ingestor().build([source], progress=status.write)
            status.update(label=f"Added “{source.title}”", state="complete", expanded=False)
    if not report.changed:
        return f"“{source.title}” is already in the index, unchanged."
    if report.superseded:
        shorter = ", ".join(f"“{old}”" for old, _ in report.superseded)
        return (
            f"Added “{source.title}”, a longer copy of {shorter}, which it replaces so the text "
            f"is held once: the index now holds {report.documents} documents and "
            f"{report.passages} passages."
        )
    about = next((title for doc, title, _ in report.other_policy if doc == source.id), None)
    elsewhere = (
        f" {about_label(about)}: answers will not present it as a view on the integration "
        "white paper. If that is wrong, add it again choosing the paper it is about."
        if about
        else ""
    )
    return (
        f"Added “{source.title}”: the index now holds {report.documents} documents and "
        f"{report.passages} passages. New answers can quote it.{elsewhere}"
    )


def show_add_document(assistant: Assistant) -> None:
    st.header("Add a document")
    if _ADDED in st.session_state:
        st.success(st.session_state.pop(_ADDED))
    st.markdown(
        "Add a response, report or article so answers can quote it: "
        f"{', '.join(t.upper() for t in UPLOAD_TYPES)} files up to "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB. Markdown files may give their details in front "
        "matter. The assistant keeps answering from the current documents while it is added."
    )
    with st.form("add-document", clear_on_submit=False):
        upload = st.file_uploader(
            "Document file", type=UPLOAD_TYPES, max_upload_size=MAX_FILE_BYTES // (1024 * 1024)
        )
        title = st.text_input("Title", help="Needed unless the file's front matter gives one.")
        publisher = st.text_input("Published by", help="The organisation that published it.")
        kind = st.selectbox(
            "Kind of document",
            list(SOURCE_KINDS),
            index=None,
            format_func=kind_label,
            placeholder="Choose a kind",
        )
        author = st.text_input("Author (optional)")
        speaks_for = st.text_input(
            "Written on behalf of (optional)",
            help="The sector body the whole document speaks for, such as the body that "
            "published a response. Leave empty for news reports.",
        )
        date = st.text_input("Date published (optional)", placeholder="YYYY-MM-DD")
        url = st.text_input("Link to the original (optional)", placeholder="https://…")
        papers = policy_papers(assistant.settings)
        about = st.selectbox(
            "The policy paper it is about (optional)",
            list(papers),
            index=None,
            format_func=papers.get,
            placeholder="Let the assistant judge from the document",
            help="Answers never present a document about another paper as a view on the "
            "integration white paper. Choose only if the assistant judges it wrongly.",
        )
        submitted = st.form_submit_button("Add to the index")
    if not submitted:
        return
    if upload is None:
        st.error("Choose a file to add.")
        return
    suffix = Path(upload.name).suffix.lower()
    has_front_matter = suffix in {".md", ".markdown"}
    if suffix == ".txt" and not title.strip():  # other formats may carry their own title
        st.error("Give the document a title.")
        return
    if not has_front_matter and kind is None:
        st.error("Choose the kind of document.")
        return
    meta = {
        "title": title.strip() or None,
        "publisher": publisher.strip() or None,
        "kind": kind,
        "author": author.strip() or None,
        "speaks_for": speaks_for.strip() or None,
        "date": date.strip() or None,
        "url": url.strip() or None,
        "about": about,
    }
    try:
        message = _add(assistant, upload, meta)
    except SourceError as exc:
        st.error(f"The document was not added: {exc}")
        return
    except (IndexBusy, IndexUnavailable) as exc:
        st.error(f"The document was not added: {exc}.")
        return
    st.session_state[_ADDED] = message
    st.rerun()
