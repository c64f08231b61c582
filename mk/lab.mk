# lab.mk - how a lab's programs are built, for students and for the grader.
#
# Each program P of a lab is built from P.c and the lab's helper files: every
# other .c file of the lab's folder that is not a program's (in lab 05,
# f1_board.c, f1_options.c and f1_times.c are linked into f1_race), with the
# lab's headers and the kit's common/ helpers. So a .c file you add to a
# lab's folder is linked into each of its programs: it must not have a
# main(). A lab's Makefile sets PROGRAMS and includes this file; the grader
# calls it directly with SRC and OUT, so a submission's own Makefile is never
# run by the grader.
#
#   TOP       the kit's root folder
#   SRC       the lab's folder (default: the current folder)
#   OUT       where the programs go (default: TOP/build/labs/<lab>)
#   PROGRAMS  the programs to build
#   WERROR=1  make every warning an error (used for solutions and skeletons)

TOP ?= ../..
SRC ?= .
OUT ?= $(TOP)/build/labs/$(notdir $(abspath $(SRC)))
CC ?= cc
# The kit's flags always apply; CFLAGS may add to them (e.g. CFLAGS="-g -O0").
KIT_CFLAGS := -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -pedantic
ifeq ($(WERROR),1)
KIT_CFLAGS += -Werror
endif
CFLAGS ?= -g
LDLIBS ?= -lrt -pthread

COMMON_SRC := $(wildcard $(TOP)/common/*.c)
COMMON_HDR := $(wildcard $(TOP)/common/*.h)
LAB_HDR := $(wildcard $(SRC)/*.h)
# The lab's helper files: its .c files that are no program's P.c.
LAB_SRC := $(filter-out $(patsubst %,$(SRC)/%.c,$(PROGRAMS)),$(wildcard $(SRC)/*.c))

.PHONY: all clean grade
all: $(addprefix $(OUT)/,$(PROGRAMS))

$(OUT)/%: $(SRC)/%.c $(LAB_SRC) $(LAB_HDR) $(COMMON_SRC) $(COMMON_HDR)
	@mkdir -p $(OUT)
	$(CC) $(KIT_CFLAGS) $(CFLAGS) -I$(SRC) -I$(TOP)/common -o $@ $< $(LAB_SRC) $(COMMON_SRC) $(LDLIBS)

clean:
	rm -f $(addprefix $(OUT)/,$(PROGRAMS))

# Grade this lab only (from the lab's folder).
grade:
	$(TOP)/grader/grade --lab $(notdir $(abspath $(SRC))) $(dir $(abspath $(SRC)))
