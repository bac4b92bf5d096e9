"""Index versions on disk: pruning keeps the newest builds, however close together they ran."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.index.versions import IndexData, prune, read_pointer, write_version


def empty_version(content_hash: str) -> IndexData:
    no_vectors = np.zeros((0, 4))
    return IndexData(content_hash, {}, [], no_vectors, no_vectors, {"version": content_hash})


def test_builds_in_the_same_second_are_pruned_oldest_first(tmp_path: Path) -> None:
    # Hashes chosen so that name order by hash alone would keep the older build.
    names = [write_version(tmp_path, empty_version(h), lambda folder: None) for h in ("ff", "00")]
    prune(tmp_path, keep=1)
    assert read_pointer(tmp_path) == names[-1]
    assert [p.name for p in tmp_path.glob("v-*")] == [names[-1]]


def test_pruning_keeps_as_many_versions_as_asked_and_never_the_current_one(
    tmp_path: Path,
) -> None:
    names = [
        write_version(tmp_path, empty_version(h), lambda folder: None) for h in ("a1", "b2", "c3")
    ]
    prune(tmp_path, keep=2)
    assert sorted(p.name for p in tmp_path.glob("v-*")) == sorted(names[1:])
    assert read_pointer(tmp_path) == names[-1]
