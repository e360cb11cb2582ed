# Bootstraps a virtual environment with the pinned dependencies and the
# project's own packages, then hands over to the invoke tasks in tasks.py,
# where all the logic lives.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements
# The Nu HTML Checker, from npm (tools/vnu/package-lock.json pins it).
VNU_JAR := tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: serve test build clean preview publish check new import messages bench lint docs

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@touch $(STAMP)

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; provision.sh installs Java.
$(VNU_JAR): tools/vnu/package.json tools/vnu/package-lock.json
	sh scripts/provision.sh npm
	cd tools/vnu && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(VNU_JAR)

serve: $(STAMP)
	$(BIN)/invoke livereload

test: $(STAMP) $(VNU_JAR)
	$(BIN)/invoke test

build: $(STAMP)
	$(BIN)/invoke build

clean: $(STAMP)
	$(BIN)/invoke clean

preview: $(STAMP)
	$(BIN)/invoke preview

publish: $(STAMP) $(VNU_JAR)
	$(BIN)/invoke publish

lint: $(STAMP)
	$(BIN)/invoke lint

# Options go through ARGS, e.g. make new ARGS='--title "Droits des réfugiés" --draft'
new: $(STAMP)
	$(BIN)/invoke new $(ARGS)

# A Blogger export into content/, e.g. make import ARGS="~/Downloads/takeout.zip" (double
# quotes keep a dragged location with spaces, which the terminal quotes, in one piece)
# (without ARGS, the task says what to give).
import: $(STAMP)
	$(BIN)/invoke import $(or $(ARGS),--path '')

check: $(STAMP)
	$(BIN)/invoke check

# The site's own words into theme/translations/; ARGS='--lang fr' starts a new language.
messages: $(STAMP)
	$(BIN)/invoke messages $(ARGS)

# Takes the screenshots in EDITING.md again (docs/screenshots/); not part of `make test`.
docs: $(STAMP)
	$(BIN)/invoke docs

# Not part of `make test`: about half an hour on 2 cores; writes bench/RESULTS.md.
bench: $(STAMP)
	$(BIN)/invoke bench
