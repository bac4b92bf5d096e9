"""Reading real document types: PDFs, gov.uk pages and Word files become clean, headed
paragraphs whose numbers ("3.12") survive into passage sections, and unusable files fail with one
plain line. The files are generated here, so each test says exactly what it feeds in."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cleaning import find_segments
from assistant.config import Settings
from assistant.index import read_pointer
from assistant.sources import SourceError, read_document
from assistant.splitting import blocks

RUNNING_HEADER = "Joining up care: a test paper"


def pdf_bytes(pages: list[list[str]], title: str | None = None) -> bytes:
    """A small real PDF: one Helvetica line per string, one list of strings per page."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
            + f"] /Count {len(pages)} >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT /F1 10 Tf 14 TL 56 790 Td", *(f"({escape(x)}) Tj T*" for x in lines), "ET"]
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
            ).encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info = ""
    if title:
        objects.append(f"<< /Title ({escape(title)}) >>".encode())
        info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


PAPER_PAGES = [
    [
        RUNNING_HEADER,
        "Chapter 3: Leadership and accountability",
        "3.11 Places will set out a shared plan for the services they run together, and the plan",
        "will be published so that residents can see what is intended and how it will be judged.",
        "3.12 Every place will name one person who answers for the shared plan. The council and",
        "the integrated care board will agree together who that person is.",
        "27",
    ],
    [
        RUNNING_HEADER,
        "3.13 Existing duties of council and NHS leaders will stay as they are, and nothing in",
        "this chapter changes who answers to Parliament for spending on the health service.",
        "Chapter 4: Records",
        "4.1 Shared records will be in place across every system, so that staff can all see the",
        "same information about the person they are caring for.",
        "28",
    ],
    [
        RUNNING_HEADER,
        "4.2 People will be able to see their own record and add to it where that helps their",
        "care, with support for those who need help to use it.",
        "29",
    ],
]

GOVUK_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Care homes federation responds to integration plans - GOV.UK</title>
<meta name="govuk:first-published-at" content="2022-03-14T09:30:00+00:00">
<meta name="govuk:primary-publishing-organisation" content="Federation of Test Care Homes">
<meta name="govuk:format" content="policy_paper">
<link rel="canonical" href="https://www.gov.uk/government/publications/test-care-homes-response">
</head><body>
<div id="global-cookie-message" class="gem-c-cookie-banner govuk-clearfix">
  <p>We use some essential cookies to make this service work.</p>
  <button>Accept additional cookies</button></div>
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-header"><a href="/">GOV.UK</a>
  <nav><ul><li><a href="/browse">Topics</a></li><li>Government activity</li></ul></nav></header>
<div class="govuk-breadcrumbs"><ol><li>Home</li><li>Health and social care</li></ol></div>
<main id="main-content" class="govuk-main-wrapper">
<h1 class="gem-c-title__text">Care homes federation responds to integration plans</h1>
<div class="gem-c-metadata"><dl><dt>From:</dt><dd>Federation of Test Care Homes</dd>
  <dt>Published</dt><dd>14 March 2022</dd></dl></div>
<nav class="gem-c-contents-list" aria-label="Contents"><h2>Contents</h2>
  <ol><li>Summary</li><li>Night-time cover</li></ol></nav>
<div class="govspeak">
<h2 id="summary">1. Summary</h2>
<p>1.1 The federation represents small residential care homes in rural counties.</p>
<p>1.2 Our members want integration to reach the people who live in their homes.</p>
<h2 id="night-cover">2. Night-time cover</h2>
<p>2.1 Members told us that district nurses rarely visit homes after eight in the evening.</p>
<p>2.3 Night-time cover by community nurses must be funded before homes can take
   residents straight from hospital. Without it, discharges at night will stay unsafe.</p>
<ul><li>Fund overnight community nursing teams in every county.</li></ul>
</div>
<div class="gem-c-print-link"><button>Print this page</button></div>
</main>
<div class="gem-c-feedback"><h2>Is this page useful?</h2><p>Maybe, tell us more</p></div>
<footer class="govuk-footer"><p>All content is available under the Open Government Licence</p>
</footer></body></html>
"""


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


def _cli(args: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env={**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


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
    built_settings: Settings, tmp_path: Path
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
        result = _cli(["ingest", str(path), "--kind", "response"], built_settings.data_dir)
        assert result.returncode == 2
        assert result.stderr.startswith(f"error: {path.name}: ")
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert read_pointer(built_settings.index_dir) == before
    assert (sorted(documents.iterdir()) if documents.exists() else []) == kept
