# class.mk - grading a whole class (class/grade-class): its small C helper.
#
# class/similarity finds pairs of submissions whose code is alike
# (normalised tokens, winnowed k-gram fingerprints, Jaccard index). It is
# built with the grader, with the kit's flags (warnings are errors in make test). The rest of
# class/ is read by grade-class as it runs, nothing to build: the jq
# programs (check.jq checks the grader's JSON, report.jq fills the page's
# template, report.html.in), and the bash it sources (seal.bash,
# stage.bash, students.bash, progress.bash, assemble.bash). The feedback
# in Markdown is the grader's own (runner --format md, grader/report/markdown.c).

$(B)/class/similarity: class/similarity.c common/error.c common/error.h
	@mkdir -p $(@D)
	$(CC) $(KIT_CFLAGS) -Icommon -o $@ class/similarity.c common/error.c

grader: $(B)/class/similarity
