"""Reading real document types: PDFs, gov.uk pages and Word files become clean, headed
paragraphs whose numbers ("3.12") survive into passage sections, and unusable files fail with one
plain line. The files are generated here, so each test says exactly what it feeds in."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import SourceError
from assistant.index.versions import read_pointer
from assistant.ingest.cleaning import find_segments
from assistant.ingest.documents import read_document
from assistant.ingest.splitting import blocks
from tests.commands import Ran
from tests.documents import GOVUK_PAGE, PAPER_PAGES, RUNNING_HEADER, pdf_bytes


def sections_of(path: Path, **overrides: str) -> list[tuple[str | None, str]]:
    source = read_document(path, overrides)
    return [
        (block.section, source.text[s.start : s.end])
        for block in blocks(source.text, find_segments(source))
        for s in block.sentences
    ]


def test_a_pdf_is_reflowed_into_numbered_paragraphs_without_running_headers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "test-paper.pdf"
    path.write_bytes(pdf_bytes(PAPER_PAGES, title="Joining up care: test paper"))
    source = read_document(path, {"kind": "white-paper"})
    assert source.title == "Joining up care: test paper"
    assert RUNNING_HEADER not in source.text
    assert "\n27\n" not in source.text
    # a paragraph that wrapped over two lines of the page is one line of text again
    assert (
        "3.12 Every place will name one person who answers for the shared plan. The council and "
        "the integrated care board will agree together who that person is." in source.text
    )
    # and one that ran over a page break too
    assert "3.13 Existing duties" in source.text and "spending on the health service." in (
        source.text
    )


def test_pdf_paragraph_numbers_become_the_section_of_their_sentences(tmp_path: Path) -> None:
    path = tmp_path / "test-paper.pdf"
    path.write_bytes(pdf_bytes(PAPER_PAGES, title="Joining up care: test paper"))
    found = sections_of(path, kind="white-paper")
    assert (
        "Chapter 3: Leadership and accountability, paragraph 3.12",
        "Every place will name one person who answers for the shared plan.",
    ) in found
    assert (
        "Chapter 4: Records, paragraph 4.2",
        "People will be able to see their own record and add to it where that helps their care, "
        "with support for those who need help to use it.",
    ) in found


def test_a_govuk_page_keeps_headings_and_numbers_and_drops_the_page_around_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "care-homes-response.html"
    path.write_text(GOVUK_PAGE, encoding="utf-8")
    source = read_document(path, {"kind": "response"})
    assert source.title == "Care homes federation responds to integration plans"
    assert source.publisher == "Federation of Test Care Homes"
    assert source.date == "2022-03-14"
    assert source.url == "https://www.gov.uk/government/publications/test-care-homes-response"
    for furniture in ("cookies", "Skip to main content", "Topics", "Breadcrumb", "Contents",
                      "Print this page", "Is this page useful", "Open Government Licence",
                      "Published"):  # fmt: skip
        assert furniture not in source.text
    found = sections_of(path, kind="response")
    assert (
        "2. Night-time cover, paragraph 2.3",
        "Without it, discharges at night will stay unsafe.",
    ) in found
    assert (
        "2. Night-time cover, paragraph 2.3",
        "Fund overnight community nursing teams in every county.",
    ) in found  # a list item belongs to the paragraph above it, without its bullet


def test_a_word_document_keeps_its_headings_and_core_properties(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.core_properties.title = "Carers' forum response"
    document.core_properties.author = "A. Writer"
    document.add_heading("Respite for carers", level=1)
    document.add_paragraph("5.1 Carers need breaks that are planned with them, not for them.")
    document.add_paragraph("5.2 Respite should be part of every shared plan for a place.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "carers-forum.docx"
    path.write_bytes(buffer.getvalue())
    source = read_document(path, {"kind": "response"})
    assert source.title == "Carers' forum response" and source.author == "A. Writer"
    assert (
        "Respite for carers, paragraph 5.2",
        "Respite should be part of every shared plan for a place.",
    ) in sections_of(path, kind="response")


def test_lines_that_merely_start_with_a_number_are_not_paragraph_numbers(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Note\nkind: news\n---\nFunding\n\n2.5 million people draw on care. "
        "That is a lot of people.\n",
        encoding="utf-8",
    )
    assert {section for section, _ in sections_of(path)} == {"Funding"}


BAD_FILES = [
    ("corrupt.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pa", "not a readable PDF"),
    ("scan.pdf", pdf_bytes([[]]), "no text layer"),
    ("empty.pdf", b"", "empty"),
    ("empty.md", b"", "empty"),
    ("pdf-named.md", pdf_bytes(PAPER_PAGES[:1]), "binary file (a PDF)"),
    ("noise.md", bytes(range(256)) * 8, "binary"),
    ("page.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no readable"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word document"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_an_unusable_file_fails_with_a_one_line_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        read_document(path, {"title": "T", "kind": "response"})
    assert reason in str(caught.value)
    assert str(caught.value).startswith(name) and "\n" not in str(caught.value)


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.write(b"A sentence about integration. " * (50 * 1024 * 1024 // 30 + 1))
    with pytest.raises(SourceError) as caught:
        read_document(path, {"title": "T", "kind": "news"})
    assert "the file is 50 MB; the limit is 20 MB" in str(caught.value)


def test_bad_files_given_to_the_cli_fail_with_one_line_and_change_nothing(
    built_settings: Settings, tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    cases = {
        "corrupt.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<",
        "empty.html": b"",
        "photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    }
    big = tmp_path / "huge.pdf"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    paths = [big]
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        paths.append(tmp_path / name)
    before = read_pointer(built_settings.index_dir)
    documents = built_settings.data_dir / "documents"
    kept = sorted(documents.iterdir()) if documents.exists() else []
    for path in paths:
        result = cli(["ingest", str(path), "--kind", "response"], built_settings.data_dir)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: {path.name}: ")
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert read_pointer(built_settings.index_dir) == before
    assert (sorted(documents.iterdir()) if documents.exists() else []) == kept
