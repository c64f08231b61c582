# shmlab - a teaching lab kit for Unix shared memory.
# `make help` lists the targets.

TOP := $(CURDIR)
B := build
CC ?= cc
# Warnings are errors only for the kit's own tests (make test, WERROR=1): a
# newer compiler on a student's machine or on Gradescope may warn where
# this one does not, and that must not stop grading.
WERROR ?= 0
KIT_CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -pedantic -g $(if $(filter 1,$(WERROR)),-Werror)
# The grader builds paths in PATH_MAX buffers; gcc cannot prove they fit.
GRADER_CFLAGS := $(KIT_CFLAGS) -Wno-format-truncation

# Check (required): the grader's suites and unit tests are Check programs.
CHECK_CFLAGS = $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
# json-c and libxml2 (optional, for teachers): --format json / junit.
HAVE_JSON := $(shell pkg-config --exists json-c 2>/dev/null && echo 1)
HAVE_XML := $(shell pkg-config --exists libxml-2.0 2>/dev/null && echo 1)
REPORT_CFLAGS := $(if $(HAVE_JSON),-DHAVE_JSON_C $(shell pkg-config --cflags json-c)) \
                 $(if $(HAVE_XML),-DHAVE_LIBXML2 $(shell pkg-config --cflags libxml-2.0))
REPORT_LIBS := $(if $(HAVE_JSON),$(shell pkg-config --libs json-c)) \
               $(if $(HAVE_XML),$(shell pkg-config --libs libxml-2.0))

LABS := $(sort $(notdir $(wildcard labs/[0-9][0-9]-*)))
# The kit's version: VERSION in a student copy (make dist), else git's.
KIT_VERSION := $(shell tools/version)
# A lab's suite is one file, grader/suites/NN-slug.c, or a folder of them,
# grader/suites/NN-slug/ (*.c and their headers), built into one program.
SUITE_NAMES := $(sort $(patsubst grader/suites/%.c,%,$(wildcard grader/suites/*.c)) \
                      $(patsubst grader/suites/%/,%,$(dir $(wildcard grader/suites/*/*.c))))
SUITES := $(addprefix $(B)/grader/suites/,$(SUITE_NAMES))
# The grader library: grader/lib/ and the gettext helper, compiled once into
# one archive that the runner, the suites and the unit tests link (each takes
# only the objects it uses).
.DEFAULT_GOAL := all
include grader/po/i18n.mk
LIB_SRC := $(wildcard grader/lib/*.c) $(I18N_SRC)
LIB_HDR := $(wildcard grader/lib/*.h) grader/po/i18n.h
LIB_OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC))
LIB_A := $(B)/grader/libshmlab.a
RUNNER_SRC := grader/runner.c grader/grading.c grader/build.c $(wildcard grader/report/*.c)

.PHONY: all help deps test-deps grader unit-tests grade test bench skeletons clean werror-check
# Packages first, then a fresh make: pkg-config's answers are read when make starts.
all: deps
	@$(MAKE) --no-print-directory grader

help:
ifneq ($(wildcard solutions),)
	@echo "Students"
	@echo "  make grade       grade your labs (labs/): points, and what to fix"
	@echo "  make handin      pack your lab files to hand in: build/handin/LOGIN-shmlab.tar.gz (LAB=NN: one lab)"
	@echo "  make docs        build the notes, teacher's guide and handouts (HTML + A4 PDF) in docs/build/"
	@echo "Teachers"
	@echo "  make test        the kit's own tests: solutions full marks, skeletons 0, corpora, documents"
	@echo "  make skeletons   regenerate every skeleton in labs/ from solutions/"
	@echo "  make dist        the student archive: build/dist/shmlab-student.tar.gz (DIST_PRIVATE=\"NN\": keep a suite out)"
	@echo "  make gradescope  Gradescope's autograder: build/gradescope/autograder.zip (LAB=NN: one lab)"
	@echo "  make bench       measure grading time, sandbox cost, reliability, throughput, class grading"
	@echo "                   (within 5 minutes; FULL=1: the README's full tables, about 1.5 hours)"
	@echo "  make docs-check  check the documents: C listings, French/English pairs, PDFs, links"
	@echo "  make po          update the grader's message catalogue (grader/po/) and list what is left to translate"
	@echo "  make grader      build the grader only"
	@echo "  make deps        check (as root: install) the packages grading needs"
	@echo "  make clean       remove every build output (build/, docs/build/)"
	@echo "  grader/grade --help                              grade any folder of labs, in text, json, tap, junit or md"
	@echo "  class/grade-class SUBMISSIONS --out DIR [-j N]  grade a whole class: gradebook, feedback, report"
else
	@echo "  make grade       grade your labs (labs/): points per test, and what to fix"
	@echo "  make handin      pack your lab files to hand in: build/handin/LOGIN-shmlab.tar.gz"
	@echo "                   (LAB=NN: one lab, build/handin/LOGIN-shmlab-NN.tar.gz)"
	@echo "  make deps        check (as root: install) the packages grading needs"
	@echo "  make clean       remove what was built (build/)"
	@echo "  grader/grade --help   every option of the grader (one lab, other formats)"
	@echo "In a lab's folder: make (build its programs), make grade (grade that lab alone)."
endif

# Packages: installed when run as root, otherwise named in one command.
deps:
	@missing=""; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing gcc"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	pkg-config --exists check 2>/dev/null || missing="$$missing check"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing packages; install them with:"; \
	    echo "    sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

grader: $(B)/grader/runner $(B)/grader/preload.so $(SUITES)

# The kit's own C unit tests (tests/unit/; not in the student copy).
unit-tests: $(B)/tests/unit $(B)/tests/common $(B)/tests/tracer

$(B)/grader/%.o: grader/%.c $(LIB_HDR) grader/po/i18n.mk
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) $(CHECK_CFLAGS) $(I18N_FLAGS) -Igrader/lib -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/grader/runner: $(RUNNER_SRC) grader/report/report.h grader/build.h grader/grading.h $(LIB_HDR) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) $(REPORT_CFLAGS) -Igrader/lib -DSHMLAB_VERSION='"$(KIT_VERSION)"' -o $@ \
	    $(RUNNER_SRC) $(LIB_A) $(REPORT_LIBS)

# Optimised: the preload runs inside every traced call of a student's program.
$(B)/grader/preload.so: $(wildcard grader/preload/*.c grader/preload/*.h) grader/lib/protocol.h
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) -O2 -fPIC -shared -o $@ $(filter %.c,$^) -ldl

# A lab is named once, by its folder (labs/NN-slug/), and its programs once,
# by the PROGRAMS line of its Makefile: the suite of the same name is given
# both as LAB_NAME and LAB_PROGRAMS (grader/lib/suite.h).
lab_programs = $(strip $(shell sed -n 's/^[[:space:]]*PROGRAMS[[:space:]]*:*=//p' labs/$(1)/Makefile 2>/dev/null))
# Second expansion: a suite's sources are its file, or its folder's files.
.SECONDEXPANSION:
$(B)/grader/suites/%: $$(wildcard grader/suites/$$*.c grader/suites/$$*/*.c grader/suites/$$*/*.h) \
                      labs/%/Makefile $(LIB_HDR) $(LIB_A)
	@[ -n "$(call lab_programs,$*)" ] || { echo "labs/$*/Makefile: no PROGRAMS line" >&2; exit 1; }
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) $(CHECK_CFLAGS) -Igrader/lib -DLAB_NAME='"$*"' \
	    -DLAB_PROGRAMS='"$(call lab_programs,$*)"' -o $@ $(filter %.c,$^) $(LIB_A) $(CHECK_LIBS)

# The grader's own unit tests (report writers, results file, points).
TEST_PRINT := tests/unit/print_results.c tests/unit/print_results.h
$(B)/tests/unit: tests/unit/unit.c $(TEST_PRINT) $(RUNNER_SRC) $(LIB_HDR) $(LIB_A) grader/report/report.h
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) $(REPORT_CFLAGS) $(CHECK_CFLAGS) $(I18N_FLAGS) -Igrader/lib -o $@ \
	    tests/unit/unit.c tests/unit/print_results.c \
	    $(filter-out grader/runner.c grader/grading.c grader/build.c,$(RUNNER_SRC)) $(LIB_A) \
	    $(CHECK_LIBS) $(REPORT_LIBS)

# Tests of the call tracer: the preload's trace file, and its reader.
$(B)/tests/tracer: tests/unit/tracer.c $(TEST_PRINT) $(LIB_HDR) $(LIB_A) $(B)/grader/preload.so
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) $(CHECK_CFLAGS) -Igrader/lib -o $@ tests/unit/tracer.c \
	    tests/unit/print_results.c $(LIB_A) $(CHECK_LIBS) -ldl

# Tests of what common/ gives students (P and V, the error helpers, parse_long).
$(B)/tests/common: tests/unit/common.c $(TEST_PRINT) $(wildcard common/*.c common/*.h)
	@mkdir -p $(@D)
	$(CC) $(GRADER_CFLAGS) $(CHECK_CFLAGS) -Icommon -o $@ tests/unit/common.c \
	    tests/unit/print_results.c $(wildcard common/*.c) $(CHECK_LIBS)

grade:
	@[ -x $(B)/grader/runner ] || echo "building the grader (once)..."
	@$(MAKE) --no-print-directory -s all
	@grader/grade labs

# The kit's own tests need a few more packages than grading does (mk/packages.txt).
TEST_PACKAGES := $(shell sed -n 's/^test: //p' mk/packages.txt)
test-deps:
	@missing=""; \
	for p in $(TEST_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "make test needs more packages; install them with:"; \
	    echo "    sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# The student copy of the kit (make dist) has no solutions/: these targets are the teacher's.
TEACHER_ONLY = @[ -d solutions ] || { echo "make $@ is for the teacher's copy of the kit (it needs solutions/)"; exit 1; }

test: deps test-deps
	$(TEACHER_ONLY)
	@$(MAKE) --no-print-directory grader unit-tests
	@$(MAKE) --no-print-directory -s werror-check
	@tests/run

# The grader's sources compile without a warning (make test): checked apart,
# so that a build for grading never fails on a new compiler's warning. (A
# suite's LAB_NAME and LAB_PROGRAMS only need to exist here.)
werror-check:
	@for f in grader/*.c grader/report/*.c grader/lib/*.c grader/suites/*.c grader/suites/*/*.c grader/preload/*.c tests/unit/*.c \
	          class/*.c grader/po/*.c; do \
	  $(CC) $(KIT_CFLAGS) -Werror -Wno-format-truncation $(REPORT_CFLAGS) $(CHECK_CFLAGS) \
	    $(I18N_FLAGS) -Igrader/lib -Icommon -DLAB_NAME='"werror-check"' -DLAB_PROGRAMS='"none"' \
	    -c -o /dev/null $$f || exit 1; \
	done

# Every .c and .h of labs/ generated from its solution (tools/mkskel). Files of
# a lab that are not in solutions/ (handouts, Makefile) are left alone.
skeletons:
	$(TEACHER_ONLY)
	@for f in solutions/[0-9][0-9]-*/*.[ch]; do \
	  lab=$$(basename $$(dirname $$f)); mkdir -p labs/$$lab; \
	  tools/mkskel $$f > labs/$$lab/$$(basename $$f).tmp && \
	  mv labs/$$lab/$$(basename $$f).tmp labs/$$lab/$$(basename $$f) || exit 1; \
	done; echo "skeletons written in labs/ from solutions/"

# Figures for the README (nothing asserts a time): see bench/. Within 5
# minutes; FULL=1: the repetitions of the README's tables (about 1.5 hours).
bench: all
	$(TEACHER_ONLY)
	@bench/run $(if $(FULL),--full)

clean:
	rm -rf $(B) docs/build

# The course notes and handouts (make docs, make docs-check): docs/docs.mk.
include docs/docs.mk
# Teacher-side targets, one fragment each (mk/lab.mk is the labs' own).
include $(filter-out mk/lab.mk,$(wildcard mk/*.mk))
# Grading a whole class (class/grade-class): class/class.mk.
include class/class.mk
