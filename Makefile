# Set-up and everyday commands. `make run` and `make test` work on a fresh machine:
# they create .venv, install the project into it and, on Linux as root, the system
# libraries Qt and the PDF tools need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Exact versions for make, the bundle and CI (made by `make lock`; see packaging/).
LOCK    := packaging/requirements.lock
DEVLOCK := packaging/requirements-dev.lock
BUILD_STAMP := $(VENV)/.installed-build
# Qt's runtime libraries, a Times-compatible font for PDFs, and pdftoppm for previews;
# Xvfb and what Qt's xcb platform loads, for the walkthrough at 1366x768 (tests/test_walkthrough.py).
SYSTEM_PACKAGES := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
                   fonts-liberation2 poppler-utils \
                   xvfb libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
                   libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1

# Qt's own widgets in Vietnamese: the project's .ts compiled to the .qm loaded at start.
QT_TS  := resources/translations/qt_vi.ts
QT_QM  := resources/translations/qt_vi.qm

.PHONY: run test lint bench bench-scale screenshots system-libs clean translations fuzz

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

# The largest communes (issue 17): 40,000 and 80,000 households built once into
# benchmarks/out/ (kept between runs); every figure beside its baseline from the same run.
# SIZES="3000 20000 40000 80000" for the growth table; ONLY="start pages filter size check export backup aggregate".
SIZES ?= 40000 80000
ONLY  ?= start pages filter size check export backup aggregate
bench-scale: $(STAMP) system-libs
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_scale.py --sizes $(SIZES) --only $(ONLY)

translations: $(QT_QM)

$(QT_QM): $(QT_TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(QT_TS) -qm $(QT_QM)

$(STAMP): pyproject.toml $(DEVLOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip -c $(DEVLOCK)
	$(BIN)/python -m pip install --quiet -c $(DEVLOCK) -e '.[dev]'
	touch $(STAMP)

# A station PC without Python: dist/binhyen/ with binhyen (the window) and binhyen-cli
# (every command), fonts, migrations and the unit list inside (packaging/binhyen.spec).
.PHONY: bundle smoke-bundle wheelhouse lock
bundle: $(BUILD_STAMP) system-libs
	@command -v objdump >/dev/null || $(MAKE) --no-print-directory system-libs SYSTEM_PACKAGES=binutils  # PyInstaller on Linux
	rm -rf dist/binhyen
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/binhyen.spec
	@du -sh dist/binhyen

# The bundle in an empty environment (no Python on PATH, no network): CI runs it.
smoke-bundle:
	bash packaging/smoke_bundle.sh dist/binhyen

$(BUILD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c $(DEVLOCK) -e '.[dev,build]'
	touch $(BUILD_STAMP)

# The offline way in for a PC with Python: wheels for Windows and Linux, 3.11-3.13.
wheelhouse: $(STAMP)
	rm -rf dist/wheelhouse
	$(BIN)/python packaging/wheelhouse.py dist/wheelhouse

# Re-pin every version (universal: Linux and Windows, Python 3.11-3.13) with uv.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile --quiet --universal --python-version 3.11 \
	  --custom-compile-command "make lock" pyproject.toml -o $(LOCK)
	$(BIN)/python -m uv pip compile --quiet --universal --python-version 3.11 --all-extras \
	  --custom-compile-command "make lock" -c $(LOCK) pyproject.toml -o $(DEVLOCK)

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
	rm -rf $(VENV) build dist *.egg-info .pytest_cache $(QT_QM)
