# One environment for everything: `make reproduce` builds every figure, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORES ?= all
STAMP := $(VENV)/.installed

.PHONY: reproduce report test test-slow lint bench clean slurm-install

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

reproduce: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

# After `make reproduce`: every figure with its caption, key statistics, the claims ledger and the config used.
report: $(STAMP)
	$(BIN)/snakemake --report results/report.html

test: $(STAMP)
	$(BIN)/pytest -n 2 -m "not slow" --durations=20

test-slow: $(STAMP)
	$(BIN)/pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check src scripts tests bench
	$(BIN)/snakefmt --check Snakefile rules
	$(BIN)/snakemake --lint

# Debian's slurmctld, slurmd, slurm-client and munge for the SLURM tests (root only; CI does it itself).
slurm-install:
	bash tests/slurm/cluster/install.sh

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf results .snakemake
