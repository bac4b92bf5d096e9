"""Document files made by the tests: a small real PDF and a gov.uk-style page.

Generated rather than stored, so each test shows what it feeds in and no binary fixture can go
stale.
"""

from __future__ import annotations

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


# A response to the February 2021 white paper, invented: Kelbrook and Dr Ellen Marsh are fictional.
# Its competition and dentistry points appear in no document about CP 573.
OTHER_POLICY_ID = "kelbrook-forum-2021"
OTHER_POLICY_DOC = """---
title: Kelbrook Health Forum responds to the government's plans
publisher: Kelbrook Health Forum
date: 2021-02-15
kind: response
speaks_for: Kelbrook Health Forum
---
Kelbrook Health Forum responds to the government's plans

The Kelbrook Health Forum has responded to Integration and innovation: working together to \
improve health and social care for all, the white paper published by the Department of Health \
and Social Care in February 2021.

The Forum said it welcomes the proposal to put integrated care systems on a statutory footing, \
but warned that removing competition rules from NHS procurement could weaken scrutiny of \
contracts.

"Integration and innovation is a step in the right direction, but pooled budgets will only work \
if councils keep an equal say," said the Forum's chair, Dr Ellen Marsh.

The Forum also called for a new duty on hospital trusts to publish waiting times for community \
dentistry every quarter.
"""
