# Set-up, run and test commands. `make run` and `make test` work on a fresh machine.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3
# Real third-party documents for `make real`, kept outside the repository (never copied into it).
REAL_DOCUMENTS ?= $(wildcard ../shared/real-documents)

.PHONY: install index run test lint browser bench soak eval real positions query-analysis question-models stance-model stance-cv stance-real-cv topic-model topic-cv topic-real-cv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of PyTorch first, so nothing later pulls in a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

index: install
	$(PY) -m assistant ingest

run: index
	$(VENV)/bin/streamlit run app.py

lint: install
	$(VENV)/bin/ruff check .

# The browser tests drive Debian's Chromium (test tools never download a browser of their own).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's Chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium chromium-driver; } || { \
	  echo "The browser tests need Debian's Chromium: sudo apt-get install chromium chromium-driver"; \
	  exit 1; }

test: install lint browser
	$(PY) -m pytest

bench: install
	$(PY) -m bench

# 20 clients for five minutes against a real API server; fails on any error or memory growth.
soak: install
	$(PY) -m bench.soak

# The full question set beside the plain pipeline; fails when a metric falls below eval/baseline.json.
eval: install
	$(PY) -m eval

# Attribution, topics, stance and questions on the real documents in REAL_DOCUMENTS; writes
# eval/reports/real.md. The figures are reported, never gated: only a crash fails.
real: install
	@test -n "$(REAL_DOCUMENTS)" || { \
	  echo "make real needs the folder of real documents: make real REAL_DOCUMENTS=DIR"; exit 2; }
	$(PY) -m eval.real --documents "$(REAL_DOCUMENTS)"

# Attribution, topic and stance against the labelled statements; writes eval/reports/positions.md.
positions: install
	$(PY) -m eval.positions_check --report eval/reports/positions.md

# Question analysis against the labelled questions; writes eval/reports/query_analysis.md.
query-analysis: install
	$(PY) -m eval.query_analysis

# Refit the learned readings of a question (tuning split only; the policy on fresh readings).
question-models: install
	$(PY) -m eval.train_question_topics
	$(PY) -m eval.train_question_intent
	$(PY) -m eval.query_analysis

# Refit the learned second opinion on stance (never from held-out documents), then re-check.
stance-model: install
	$(PY) -m eval.train_stance
	$(PY) -m eval.positions_check --report eval/reports/positions.md

stance-cv: install
	$(PY) -m eval.train_stance --cross-validate

# Stance designs compared across documents, each real document judged by a model that never saw
# it; writes eval/reports/stance_cv.md.
stance-real-cv: install
	@test -n "$(REAL_DOCUMENTS)" || { \
	  echo "make stance-real-cv needs the folder of real documents: REAL_DOCUMENTS=DIR"; exit 2; }
	$(PY) -m eval.stance_cv --documents "$(REAL_DOCUMENTS)"

# Refit topics by meaning (never from held-out or real documents), then re-check.
topic-model: install
	$(PY) -m eval.train_topics
	$(PY) -m eval.positions_check --report eval/reports/positions.md

# The topic designs by cross-validation over batches of invented documents; writes
# eval/reports/topics_cv.md.
topic-cv: install
	$(PY) -m eval.train_topics --cross-validate

# Topic designs with each real document tagged by a model that never saw it; adds its section to
# eval/reports/topics_cv.md.
topic-real-cv: install
	@test -n "$(REAL_DOCUMENTS)" || { \
	  echo "make topic-real-cv needs the folder of real documents: REAL_DOCUMENTS=DIR"; exit 2; }
	$(PY) -m eval.train_topics --documents "$(REAL_DOCUMENTS)"

clean:
	rm -rf $(VENV) data .pytest_cache
