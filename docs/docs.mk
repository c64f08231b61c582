# docs.mk - the course notes and lab handouts as HTML pages and A4 PDFs.
#
# Included by the top-level Makefile. Targets:
#   docs        build what changed, into docs/build/:
#                 notes.fr.{html,pdf}, notes.en.{html,pdf}   the course notes
#                 teacher.fr.{html,pdf}, teacher.en.{html,pdf}
#                                         the teacher's guide (docs/guide/)
#                 labs/NN-slug.fr.{html,pdf}                 labs/NN-slug/README.md
#                 labs/NN-slug.en.{html,pdf}                 labs/NN-slug/README.en.md
#                 index.html                                 links to all of them
#   docs-check  check the C listings (docs/tools/check-listings), that the
#               French and English versions match (docs/tools/check-parallel),
#               and the built documents (tests/checks/docs: A4,
#               page numbers, fonts, glyphs, code width, links)
#   docs-clean  remove docs/build/
# Variable: TOP, the kit's root (default: .). Needs pandoc and weasyprint,
# for `make docs` only.

TOP ?= .
DOCS_TOP := $(if $(filter .,$(TOP)),,$(TOP)/)
DOCS_DIR := $(DOCS_TOP)docs
DOCS_OUT := $(DOCS_DIR)/build

DOCS_NOTES := $(patsubst $(DOCS_DIR)/notes/%.md,%,$(wildcard $(DOCS_DIR)/notes/notes.*.md))
DOCS_GUIDES := $(patsubst $(DOCS_DIR)/guide/%.md,%,$(wildcard $(DOCS_DIR)/guide/*.*.md))
DOCS_LABS_FR := $(patsubst $(DOCS_TOP)labs/%/README.md,labs/%.fr,$(wildcard $(DOCS_TOP)labs/*/README.md))
DOCS_LABS_EN := $(patsubst $(DOCS_TOP)labs/%/README.en.md,labs/%.en,$(wildcard $(DOCS_TOP)labs/*/README.en.md))
DOCS_NAMES := $(DOCS_NOTES) $(DOCS_GUIDES) $(DOCS_LABS_FR) $(DOCS_LABS_EN)
DOCS_OUTPUTS := $(foreach n,$(DOCS_NAMES),$(DOCS_OUT)/$(n).html $(DOCS_OUT)/$(n).pdf) \
                $(DOCS_OUT)/index.html
# The pictures of the handouts (the guide shows some of them too).
DOCS_IMAGES := $(wildcard $(DOCS_TOP)labs/*/img/*.png)
# Every page depends on the look shared by all of them.
DOCS_STYLE := $(DOCS_DIR)/template.html $(DOCS_DIR)/style/print.css $(DOCS_DIR)/docs.mk \
              $(DOCS_DIR)/tools/render.lua $(DOCS_DIR)/style/inline-code.lua

# pandoc options; the language (fr/en) comes from the output's name. Pictures
# (a handout's img/) are put inside each page (--self-contained): a page read
# from docs/build/, or handed out alone, has them.
docs_lang = $(if $(filter %.en,$(basename $(notdir $@))),en,fr)
docs_toc_title = $(if $(filter en,$(docs_lang)),Contents,Table des matières)
DOCS_PANDOC = pandoc --from=markdown --to=html5 --standalone \
    --template=$(DOCS_DIR)/template.html --highlight-style=tango \
    --toc --toc-depth=2 -M lang=$(docs_lang) -M "toc-title=$(docs_toc_title)" \
    --lua-filter=$(DOCS_DIR)/tools/render.lua --lua-filter=$(DOCS_DIR)/style/inline-code.lua \
    --resource-path=$(dir $<) --self-contained

.PHONY: docs docs-check docs-clean docs-tools
docs: $(DOCS_OUTPUTS)

# Stop early, with the command to run, if a tool is missing.
docs-tools:
	@if ! command -v pandoc >/dev/null 2>&1 || ! command -v weasyprint >/dev/null 2>&1; then \
	  echo "make docs needs pandoc and weasyprint; install them with:"; \
	  echo "    sudo apt-get install -y pandoc weasyprint"; \
	  exit 1; \
	fi

# The notes are numbered (the grader's hints cite "Notes, section N").
$(DOCS_OUT)/notes.%.html: $(DOCS_DIR)/notes/notes.%.md $(DOCS_STYLE) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) --number-sections -o $@.$$$$.tmp $< && mv $@.$$$$.tmp $@

$(DOCS_OUT)/notes.%.pdf: $(DOCS_DIR)/notes/notes.%.md $(DOCS_STYLE) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) --number-sections --pdf-engine=weasyprint -o $@.$$$$.tmp.pdf $< && mv $@.$$$$.tmp.pdf $@

# The guides (docs/guide/NAME.LANG.md) are numbered like the notes.
$(DOCS_OUT)/%.html: $(DOCS_DIR)/guide/%.md $(DOCS_STYLE) $(DOCS_IMAGES) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) --number-sections -o $@.$$$$.tmp $< && mv $@.$$$$.tmp $@

$(DOCS_OUT)/%.pdf: $(DOCS_DIR)/guide/%.md $(DOCS_STYLE) $(DOCS_IMAGES) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) --number-sections --pdf-engine=weasyprint -o $@.$$$$.tmp.pdf $< && mv $@.$$$$.tmp.pdf $@

# A handout without a title of its own is named after its lab in <title>.
$(DOCS_OUT)/labs/%.fr.html: $(DOCS_TOP)labs/%/README.md $(DOCS_STYLE) $(DOCS_IMAGES) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) -M "pagetitle=shmlab · $*" -o $@.$$$$.tmp $< && mv $@.$$$$.tmp $@

$(DOCS_OUT)/labs/%.fr.pdf: $(DOCS_TOP)labs/%/README.md $(DOCS_STYLE) $(DOCS_IMAGES) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) -M "pagetitle=shmlab · $*" --pdf-engine=weasyprint -o $@.$$$$.tmp.pdf $< && mv $@.$$$$.tmp.pdf $@

$(DOCS_OUT)/labs/%.en.html: $(DOCS_TOP)labs/%/README.en.md $(DOCS_STYLE) $(DOCS_IMAGES) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) -M "pagetitle=shmlab · $*" -o $@.$$$$.tmp $< && mv $@.$$$$.tmp $@

$(DOCS_OUT)/labs/%.en.pdf: $(DOCS_TOP)labs/%/README.en.md $(DOCS_STYLE) $(DOCS_IMAGES) | docs-tools
	@mkdir -p $(@D)
	$(DOCS_PANDOC) -M "pagetitle=shmlab · $*" --pdf-engine=weasyprint -o $@.$$$$.tmp.pdf $< && mv $@.$$$$.tmp.pdf $@

# The index lists what exists; it is remade when a source changes or when
# the set of documents changes (recorded in docs/build/.documents).
# Temporary files are named after the shell's PID: two builds at once do not mix.
DOCS_LIST := $(DOCS_OUT)/.documents
$(DOCS_LIST): FORCE_DOCS_LIST | docs-tools
	@mkdir -p $(@D)
	@echo "$(DOCS_NAMES)" | cmp -s - $@ || echo "$(DOCS_NAMES)" >$@
.PHONY: FORCE_DOCS_LIST

$(DOCS_OUT)/index.html: $(DOCS_LIST) $(DOCS_DIR)/tools/mkindex $(DOCS_STYLE) \
        $(wildcard $(DOCS_DIR)/notes/notes.*.md $(DOCS_DIR)/guide/*.md \
          $(DOCS_TOP)labs/*/README*.md) | docs-tools
	@mkdir -p $(@D)
	sh $(DOCS_DIR)/tools/mkindex $(DOCS_TOP). >$@.$$$$.md && \
	pandoc --from=markdown --to=html5 --standalone --template=$(DOCS_DIR)/template.html \
	    -M lang=fr -o $@.$$$$.tmp $@.$$$$.md && rm -f $@.$$$$.md && mv $@.$$$$.tmp $@

docs-check:
	@cd $(TOP) && status=0; \
	bash docs/tools/check-listings || status=1; \
	bash docs/tools/check-parallel || status=1; \
	log=$$(mktemp) || exit 1; \
	bash tests/checks/docs 2>&1 | tee $$log; \
	grep -q '^FAIL' $$log && status=1; \
	rm -f $$log; exit $$status

docs-clean:
	rm -rf $(DOCS_OUT)
