"""A known body named by the first word of its name: "Labour" for the Labour Party.

Officers drop the generic end of a name ("Party", "Trust", "Society") when the first word says
it all. The first word counts only when it is distinctive: one body's name starts with it, and
it is not a word many names start with ("NHS", "Royal", "Department"). Only a name that already
stands where a body stands (an unknown body found by assistant.answer.mentions) is read so.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.analysis.bodies import Directory

_SHARED_STARTS = frozenset(
    "nhs the royal department british care social local county public centre institute "
    "national community health general association council skills".split()
)


@lru_cache(maxsize=16)
def _first_words(names: tuple[tuple[str, str], ...]) -> dict[str, str]:
    starts: dict[str, set[str]] = {}
    for alias, canonical in names:
        first = alias.split()[0].strip("'’").lower()
        if len(alias.split()) >= 2 and len(first) >= 4 and first not in _SHARED_STARTS:
            starts.setdefault(first, set()).add(canonical)
    return {w: next(iter(c)) for w, c in starts.items() if len(c) == 1}


def known_by_first_word(name: str, directory: Directory) -> str | None:
    """The canonical body a one-word name is the start of, or None."""
    if " " in name.strip():
        return None
    names = tuple(sorted((a, c) for a, c in directory.names.items() if not a.startswith("the ")))
    return _first_words(names).get(name.strip().lower())
