# The whole set-up lives here: `make edition` and `make test` install what is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LAYOUT := $(VENV)/bin/layout
EDITION := editions/2023-09-18.yaml
NAME := 2023-09-18
FONT_FILES := /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
              /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
DEBS := fonts-noto-cjk fonts-lxgw-wenkai
# Tools the tests use to judge our output from outside: pdffonts, qpdf --check, Ghostscript
# (Ghostscript's libgs-common also ships default_cmyk.icc, a generic press profile a test uses as a plant's),
# zbarimg to read the masthead's QR codes back, headless Chromium for the HTML e-paper,
# icc-profiles-free for an Adobe RGB profile to tag a test photo with.
TEST_DEBS := poppler-utils qpdf ghostscript libgs-common zbar-tools chromium icc-profiles-free

.PHONY: edition test fuzz bench lint setup fonts debs clean

edition: setup
	@mkdir -p out
	$(LAYOUT) print $(EDITION) -o out/$(NAME).pdf
	$(LAYOUT) preview $(EDITION) -o out/$(NAME)-p1.png --page 1 --dpi 100
	$(LAYOUT) epaper $(EDITION) -o out/$(NAME)-epaper.pdf --html out/$(NAME)-epaper

test: setup debs
	$(PY) -m pytest -q

# The fuzz test at length: 2,000 generated editions, a fresh seed each run (the suite
# runs 60 with a fixed seed). FUZZ_EXAMPLES=N for another count.
FUZZ_EXAMPLES ?= 2000
fuzz: setup debs
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_RANDOM=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py \
	  --hypothesis-show-statistics

bench: setup $(VENV)/.bench-installed
	$(PY) bench/run.py

# the benchmark's own requirements (Typst, to compare against), not needed by the tests
$(VENV)/.bench-installed: bench/requirements.txt $(VENV)/.installed
	$(PY) -m pip install -q -r bench/requirements.txt
	touch $@

lint: setup
	$(VENV)/bin/ruff check layout tests bench
	$(VENV)/bin/mypy

setup: $(VENV)/.installed fonts

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The default CMYK profile ships with the package (layout/data/newsprint-tr002-240.icc).
fonts:
	@missing=""; for f in $(FONT_FILES); do [ -e "$$f" ] || missing="yes"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS); \
	  else \
	    echo "Fonts missing: install the Debian packages $(DEBS) (sudo apt-get install $(DEBS))"; exit 1; \
	  fi; \
	fi

debs:
	@if ! command -v pdffonts >/dev/null || ! command -v qpdf >/dev/null || ! command -v gs >/dev/null \
	    || ! command -v zbarimg >/dev/null || ! command -v chromium >/dev/null \
	    || [ ! -e /usr/share/color/icc/ghostscript/default_cmyk.icc ] \
	    || [ ! -e /usr/share/color/icc/compatibleWithAdobeRGB1998.icc ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS); \
	  else \
	    echo "Test tools missing: install the Debian packages $(TEST_DEBS)"; exit 1; \
	  fi; \
	fi

clean:
	rm -rf out
