# Two commands on a fresh Debian machine as root:
#   make demo   builds the example report and prints where the files are
#   make test   runs the test suite
# Each installs what it needs first; a second run skips what is already there.

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.reportgen-installed
EXAMPLE := inputs/nanchang-waiqiao/2011.yaml
# A formal 报告: red header, attachments, end notes, year-on-year figures.
FORMAL  := inputs/nanchang-waiqiao/2012.yaml

.PHONY: demo test lint bench serve bench-serve system-deps clean

system-deps:
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml setup.py | system-deps
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

demo: system-deps $(STAMP)
	@$(VENV)/bin/reportgen build $(EXAMPLE) -o output
	@$(VENV)/bin/reportgen build $(FORMAL) -o output

# One pytest worker per core (pytest-xdist): the suite is mostly rendering, which
# runs in one thread a process.
test: lint
	@$(PY) -m pytest -q -n auto

lint: system-deps $(STAMP)
	@$(VENV)/bin/ruff check reportgen tests benchmarks

bench: system-deps $(STAMP)
	@$(PY) benchmarks/bench_build.py

# The web editor on the examples: open the address it prints.
serve: system-deps $(STAMP)
	@$(VENV)/bin/reportgen serve inputs

bench-serve: system-deps $(STAMP)
	@$(PY) benchmarks/bench_serve.py

clean:
	rm -rf output $(VENV)
