# RenShe Station — the README's two commands, `make demo` and `make test`, plus `make bench`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the project needs on this machine (tests run the real tools).
APT_PACKAGES := binutils pcscd vsmartcard-vpcd libpcsclite-dev swig libzbar0 socat xvfb xdotool \
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxcb-render-util0 \
  libxcb-image0 fonts-noto-cjk chromium-headless-shell poppler-utils \
  nsis nginx shellcheck desktop-file-utils postgresql-client systemd
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEMO_DATA ?= demo-data
DEMO_PERSONS ?= 20000

.PHONY: demo test lint unit bench system clean package

system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[hub,dev]'
	@touch $(STAMP)

demo: system $(STAMP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BIN)/renshe-station demo-app --data $(DEMO_DATA) --persons $(DEMO_PERSONS); \
	else \
	  echo "no display: showing the sample district in text (the counter app needs a screen)"; \
	  $(BIN)/renshe-station demo --data $(DEMO_DATA)/text --persons $(DEMO_PERSONS); \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# pytest-xdist: one worker per core (CI has 2), each test module on one worker (its
# module-scoped hub is started once); PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= auto
unit: system $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadscope

test: system $(STAMP) lint unit

bench: system $(STAMP)
	$(BIN)/python -m bench.run

# The station's PyInstaller bundle, its update payload and its Debian package, in dist/
# (installer/README.md); tests/installer tests them (CI runs this before `make test`).
package: system $(STAMP)
	$(BIN)/python -m installer.build

clean:
	rm -rf $(VENV) $(DEMO_DATA) bench-results.json .pytest_cache .mypy_cache .ruff_cache \
	  dist build/installer
