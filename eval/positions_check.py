"""Score attribution, topics and stance against the hand-labelled statements in eval/positions.yaml.

Run: `python -m eval.positions_check`. Every prediction is read from the sentences exactly as
ingestion produces them (the same `passages_of` the index is built with), so the numbers describe
the product, not a separate code path. Scores on the documents the rules were written from and on
the held-out documents nobody tuned on are reported separately, each on its own and together.

Labels come from eval/positions.yaml (statements in the shipped documents) and from each
`*-labels.yaml` in eval/positions_docs/, beside the invented responses they label. Those responses
were written, and labelled, by people who had not read the rules; they stand in for documents
that arrive after release.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from assistant.analysis.bodies import Directory
from assistant.analysis.stance import stance_of, stance_strength
from assistant.analysis.stance_model import STANCE_MODEL_FILE, StanceModel
from assistant.analysis.topic_model import TOPIC_MODEL_FILE, TopicModel
from assistant.analysis.topics import Topic, load_topics
from assistant.config import REPO_ROOT
from assistant.embedding import Encoder
from assistant.ingest.builder import judge_stances, passages_of, tag_meanings, token_counter
from assistant.ingest.documents import read_folder
from assistant.models import STANCES, Passage, Sentence, Source
from assistant.service import shared_encoder

LABELS = Path(__file__).with_name("positions.yaml")
INVENTED = Path(__file__).with_name("positions_docs")


@dataclass
class SplitScores:
    """Gold and predicted labels of one split ('tuned' or 'held-out')."""

    body: list[tuple[str | None, str | None]] = field(default_factory=list)
    stance: list[tuple[str, str]] = field(default_factory=list)
    quote_stance: list[tuple[str, str]] = field(default_factory=list)
    topic: list[tuple[str, list[str]]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def attribution_accuracy(self) -> float:
        return sum(g == p for g, p in self.body) / len(self.body)

    def stance_accuracy(self) -> float:
        return sum(g == p for g, p in self.stance) / len(self.stance)

    def stance_macro_f1(self) -> float:
        return macro_f1([g for g, _ in self.stance], [p for _, p in self.stance])

    def quote_stance_macro_f1(self) -> float:
        """The rules on the labelled words alone, where a label covers part of a sentence."""
        return macro_f1([g for g, _ in self.quote_stance], [p for _, p in self.quote_stance])

    def topic_accuracy(self) -> float:
        """Share of statements whose labelled topic is among the topics tagged."""
        return sum(g in p for g, p in self.topic) / len(self.topic)


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 over the stance labels that occur in gold or predictions."""
    scores = []
    for label in STANCES:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def _expected_body(label: str | None, directory: Directory) -> str | None:
    return None if label in (None, "reader-comment") else directory.canonical(label)


def load_labels(labels: Path = LABELS, invented: Path = INVENTED) -> tuple[list[dict], set[str]]:
    """Every labelled statement, and the ids of the documents held out from tuning."""
    data = yaml.safe_load(labels.read_text(encoding="utf-8"))
    statements = list(data["statements"])
    for path in sorted(invented.glob("*-labels.yaml")):
        statements += yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]
    return statements, set(data.get("held_out_sources") or [])


def labelled_sentences(
    knowledge: Path = REPO_ROOT / "knowledge",
) -> tuple[dict[str, Source], list[Passage], Directory, list[Topic]]:
    """Every labelled document split and attributed as ingestion does, before the learned model
    has its say: the sources, their passages, and the directory and topics used."""
    directory = Directory.load(knowledge / "bodies.yaml")
    topics = load_topics(knowledge / "topics.yaml")
    sources = {s.id: s for s in read_folder(knowledge / "sources") + read_folder(INVENTED)}
    count = token_counter()
    passages = [
        p for src in sources.values() for p in passages_of(src, 160, count, directory, topics)
    ]
    return sources, passages, directory, topics


def covering(sentences: list[Sentence], source: Source, quote: str) -> list[Sentence]:
    """The sentences a labelled quotation lies in ([] when it is not in the source)."""
    at = source.text.find(quote)
    if at < 0:
        return []
    end = at + len(quote)
    return [s for s in sentences if s.start < end and at < s.end]


def score(
    knowledge: Path = REPO_ROOT / "knowledge", encoder: Encoder | None = None
) -> dict[str, SplitScores]:
    """Scores for 'tuned', for 'held-out' (all held-out documents) and for each held-out one."""
    sources, passages, directory, topics = labelled_sentences(knowledge)
    model = StanceModel.load(knowledge / STANCE_MODEL_FILE)
    tagger = TopicModel.load(knowledge / TOPIC_MODEL_FILE)
    if model is not None or tagger is not None:  # as an index build does: the models decide
        texts = [sources[p.source_id].text[s.start : s.end] for p in passages for s in p.sentences]
        vectors = (encoder or shared_encoder()).documents(texts)
    if model is not None:
        judge_stances(passages, sources, vectors, model, directory, topics)
    if tagger is not None:
        tag_meanings(passages, sources, vectors, tagger, directory, topics)
    sentences: dict[str, list[Sentence]] = defaultdict(list)
    for passage in passages:
        sentences[passage.source_id].extend(passage.sentences)
    statements, held_out = load_labels()
    splits: dict[str, SplitScores] = defaultdict(SplitScores)
    for item in statements:
        source = sources[item["source"]]
        found = covering(sentences[source.id], source, item["quote"])
        names = ["held-out", f"held-out: {source.id}"] if source.id in held_out else ["tuned"]
        for split in (splits[name] for name in names):
            if not found:
                split.misses.append(item["quote"][:60])
                continue
            expected = _expected_body(item["body"], directory)
            said_by = found[0].body if expected not in found[0].also else expected
            split.body.append((expected, said_by))
            stance, _ = stance_strength([s.stance or "neutral" for s in found])
            split.stance.append((item["stance"], stance))
            split.quote_stance.append((item["stance"], stance_of(item["quote"])))
            split.topic.append((item["topic"], sorted({t for s in found for t in s.topics})))
    return dict(splits)


def render(splits: dict[str, SplitScores]) -> str:
    lines = []
    for name, split in sorted(splits.items(), key=lambda item: (item[0] != "tuned", item[0])):
        lines += [
            f"{name} ({len(split.body)} statements)",
            f"  attribution accuracy  {split.attribution_accuracy():.3f}",
            f"  stance accuracy       {split.stance_accuracy():.3f}",
            f"  stance macro-F1       {split.stance_macro_f1():.3f}",
            f"  stance macro-F1 (rules alone, labelled words only)  "
            f"{split.quote_stance_macro_f1():.3f}",
            f"  topic accuracy        {split.topic_accuracy():.3f}",
        ]
        if ":" not in name:  # the confusion, for the splits taken together
            lines.append("  stance, labelled (rows) against found: " + " ".join(STANCES))
            lines += [
                f"    {gold:8}" + "".join(f"{split.stance.count((gold, p)):>8}" for p in STANCES)
                for gold in STANCES
            ]
        lines += [f"  quote not found: {quote!r}" for quote in split.misses]
    return "\n".join(lines)


def main() -> None:
    """Print the scores; with `--report PATH`, also write them as a dated Markdown report."""
    text = render(score())
    print(text)
    if len(sys.argv) == 3 and sys.argv[1] == "--report":
        Path(sys.argv[2]).write_text(
            "# Attribution, topic and stance against the hand-labelled statements\n\n"
            f"Run on {date.today().isoformat()} with `python -m eval.positions_check`. Labels:"
            " eval/positions.yaml and eval/positions_docs/*-labels.yaml. Predictions come from"
            " the sentences as an index build produces them, stance as the learned model"
            " judges it; a label spanning several sentences takes their combined stance."
            " The held-out documents were never read while writing rules and never used to"
            " train the model; the invented ones (eval/positions_docs/) were written and"
            " labelled by people who had not read the rules. The line 'rules alone' scores"
            " the rules on the labelled words without the model. The model was trained on"
            " the tuned statements, so their stance figures say how well it fits them; how"
            " well it judges text it has not seen is the held-out figure, and `make stance-cv`"
            " (one batch of invented documents left out at a time).\n\n```\n" + text + "\n```\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
