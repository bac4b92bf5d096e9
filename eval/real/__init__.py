"""The real-document evaluation: `python -m eval.real --documents DIR` (or `make real`).

Real third-party texts about the white paper are read from a folder outside the repository,
ingested beside the shipped corpus into a private data folder, and scored against the labels in
this folder (labels.yaml: who says each sentence, for which body, on what, with what stance) and
the questions beside them (questions.yaml). The figures are reported, never gated: they say how
the product does on text nobody wrote for it.
"""
