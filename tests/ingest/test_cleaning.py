"""Site furniture is dropped and reader comments are marked, on pages never seen before."""

from __future__ import annotations

from assistant.ingest.cleaning import find_segments
from assistant.models import Source


def _source(text: str, **extra: object) -> Source:
    return Source(id="page", title="A page", kind="news", text=text, content_hash="x", **extra)


def _kept(source: Source) -> list[tuple[str, bool]]:
    return [(source.text[s.start : s.end], s.reader_comment) for s in find_segments(source)]


ARTICLE = (
    "Councils welcomed the plan for shared outcomes across health and care.\n"
    "But they warned that funding remains far too low for the ambitions set out.\n"
    "Providers said the timetable for governance changes is too tight for many areas.\n"
)


def test_newsletter_sign_up_at_the_end_is_dropped() -> None:
    text = ARTICLE + "CARE WEEKLY UPDATES\nSign up to our newsletter for the latest news.\n"
    kept = [line for line, _ in _kept(_source(text))]
    assert kept == ARTICLE.splitlines()


def test_donation_appeal_and_comment_notice_are_dropped() -> None:
    text = (
        ARTICLE + "Dear Reader,\nOur journalism relies on you.\nPlease donate today.\n"
        "Author\nComments are closed.\n"
    )
    kept = [line for line, _ in _kept(_source(text))]
    assert kept == ARTICLE.splitlines()


def test_image_captions_and_update_notices_are_dropped() -> None:
    text = "Jane Doe image\nStory updated\n" + ARTICLE
    kept = [line for line, _ in _kept(_source(text))]
    assert kept == ARTICLE.splitlines()


def test_the_word_newsletter_early_in_an_article_is_content() -> None:
    text = "The council newsletter reported the plan.\n" + ARTICLE * 3
    assert _kept(_source(text))[0] == ("The council newsletter reported the plan.", False)


def test_reader_comments_begin_where_the_front_matter_says() -> None:
    text = ARTICLE + "Great article, thanks.\nI disagree with all of it.\n"
    kept = _kept(_source(text, reader_comments_from="Great article"))
    assert kept[-2:] == [("Great article, thanks.", True), ("I disagree with all of it.", True)]
    assert not any(flag for _, flag in kept[:-2])


def test_reader_comments_begin_after_a_comments_heading() -> None:
    text = ARTICLE + "3 comments\nGreat article, thanks.\n"
    kept = _kept(_source(text))
    assert kept[-1] == ("Great article, thanks.", True)
    assert "3 comments" not in [line for line, _ in kept]


def test_a_comment_kicker_above_an_opinion_piece_is_not_a_comment_section() -> None:
    kept = _kept(_source("Our view\n\nComment\n\n" + ARTICLE))
    assert kept and not any(comment for _, comment in kept)
