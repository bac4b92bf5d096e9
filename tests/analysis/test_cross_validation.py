"""The cross-validations that choose the stance and topic designs never score a document with a
model that saw it."""

from __future__ import annotations

from collections import Counter

from eval.stance_cv import splits
from eval.topics_real_cv import Scores, chosen
from eval.train_stance import Example
from eval.train_topics import Tally, folds


def _example(source: str, batch: str) -> Example:
    return Example(source, batch, "neutral", [("A sentence.", "neutral", None)], "response")


INVENTED = [
    _example(f"{batch}-{kind}", batch)
    for batch in ("a", "b", "c", "aa", "ab", "p", "q", "x", "y", "z")
    for kind in ("news", "blog")
] + [_example("a-shipped-report", "shipped")]
REAL = [_example(name, f"real:{name}") for name in ("one.md", "two.md", "three.md") for _ in "ab"]


def test_no_scored_document_is_in_the_training_set_of_the_model_scoring_it() -> None:
    for learns_real in (False, True):
        for _, train, scored in splits(INVENTED, REAL, learns_real):
            assert scored and not {e.source for e in train} & {e.source for e in scored}


def test_every_labelled_statement_is_scored_exactly_once() -> None:
    for learns_real in (False, True):
        scored = Counter(id(e) for _, _, s in splits(INVENTED, REAL, learns_real) for e in s)
        assert sorted(scored) == sorted(id(e) for e in INVENTED + REAL)
        assert set(scored.values()) == {1}


def test_real_text_is_learnt_only_by_the_designs_that_learn_from_it() -> None:
    trained = [e for _, train, _ in splits(INVENTED, REAL, False) for e in train]
    assert not any(e.batch.startswith("real:") for e in trained)
    each_real = [
        train for name, train, _ in splits(INVENTED, REAL, True) if name.startswith("real:")
    ]
    assert all(sum(e.batch.startswith("real:") for e in train) == 4 for train in each_real)


def test_topic_folds_keep_each_batch_whole_and_use_every_batch_once() -> None:
    batches = sorted({e.batch for e in INVENTED})
    dealt = folds(batches)
    assert sorted(b for fold in dealt for b in fold) == batches
    assert all(fold for fold in dealt)


def _scores(real_hits: int, invented_tagged: int) -> Scores:
    invented = Tally(tagged=invented_tagged, statements=1000)
    return Scores({"one.md": (real_hits, 61)}, invented)


def test_a_topic_design_learning_real_text_ships_only_with_two_more_real_sentences() -> None:
    assert chosen({0.0: _scores(47, 912), 5.0: _scores(48, 912)}) == 0.0
    assert chosen({0.0: _scores(47, 912), 5.0: _scores(49, 912)}) == 5.0


def test_a_topic_design_learning_real_text_may_not_cost_the_invented_folds() -> None:
    assert chosen({0.0: _scores(47, 912), 20.0: _scores(55, 900)}) == 0.0
    assert chosen({0.0: _scores(47, 912), 1.0: _scores(50, 905), 20.0: _scores(55, 900)}) == 1.0
