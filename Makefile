# Set-up and everyday commands. `make run` and `make test` work on a fresh machine:
# they create .venv, install the project into it and, on Linux as root, the system
# libraries Qt and the PDF tools need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Qt's runtime libraries, a Times-compatible font for PDFs, and pdftoppm for previews.
SYSTEM_PACKAGES := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
                   fonts-liberation2 poppler-utils

# Qt's own widgets in Vietnamese: the project's .ts compiled to the .qm loaded at start.
QT_TS  := resources/translations/qt_vi.ts
QT_QM  := resources/translations/qt_vi.qm

.PHONY: run test lint bench screenshots system-libs clean translations fuzz

run: $(STAMP) system-libs $(QT_QM)
	$(BIN)/python main.py

test: $(STAMP) system-libs $(QT_QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Hostile input at scale: >= 10,000 mutated packages and command lines (0 tracebacks, 0 writes).
fuzz: $(STAMP)
	BINHYEN_FUZZ_EXAMPLES=2600 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/test_fuzz_packages.py tests/test_fuzz_commands.py tests/test_fuzz_inputs.py

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) system-libs
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

translations: $(QT_QM)

$(QT_QM): $(QT_TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(QT_TS) -qm $(QT_QM)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Installs only what is missing; never fails the build off Linux or without root,
# but says what to install.
system-libs:
	@if [ "$$(uname -s)" = "Linux" ] && command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; \
	  for p in $(SYSTEM_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = "0" ]; then \
	      echo "Cài thư viện hệ thống còn thiếu:$$missing"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    else \
	      echo "Thiếu thư viện hệ thống:$$missing"; \
	      echo "Hãy chạy: sudo apt-get install$$missing"; \
	    fi; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache $(QT_QM)
