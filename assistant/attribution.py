"""Who is speaking in each sentence, and for which body.

The baseline rule: a document written by a body speaks for that body (its named author speaking);
news reporters and publishers speak for nobody; reader comments are reader comments, never a body.
"""

from __future__ import annotations

from assistant.models import Sentence, Source
from assistant.splitting import Chunk


def attribute_speakers(source: Source, chunk: Chunk) -> list[Sentence]:
    """Sentences of a chunk with speaker and body filled in."""
    sentences = []
    for span in chunk.sentences:
        if chunk.reader_comment or source.kind in ("news", "reader-comment"):
            speaker, body = None, None
        else:
            speaker, body = source.author, source.speaks_for
        sentences.append(Sentence(start=span.start, end=span.end, speaker=speaker, body=body))
    return sentences
