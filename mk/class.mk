# class.mk - grading a whole class (grader/grade-class): its small C helper.
#
# grader/class/similarity finds pairs of submissions whose code is alike
# (normalised tokens, winnowed k-gram fingerprints, Jaccard index). It is
# built with the grader, with the kit's flags (warnings are errors in make test).

$(B)/grader/class/similarity: grader/class/similarity.c common/error.c common/error.h
	@mkdir -p $(@D)
	$(CC) $(KIT_CFLAGS) -Icommon -o $@ grader/class/similarity.c common/error.c

grader: $(B)/grader/class/similarity
