# mutants.mk - mutation analysis of the grader (tools/mutants).
#
# Included by the top-level Makefile.
#
#   mutants   grade single-change mutants of every solution on its lab and
#             print, per lab, how many lost points (MUTANTS_FLAGS adds
#             options: -j N, --lab NN, --confirm, --quiet; see tools/mutants)

MUTANTS_FLAGS ?=

.PHONY: mutants
mutants: grader
	@tools/mutants $(MUTANTS_FLAGS)
