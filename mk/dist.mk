# dist.mk - hand-out and hand-in (included by the top Makefile).
#
#   make dist        the student archive: build/dist/shmlab-student.tar.gz
#                    (tools/dist). DIST_PRIVATE="NN ..." keeps those labs'
#                    suites out of it (hidden tests stay secret; students
#                    cannot grade those labs themselves).
#   make handin      a student's submission: build/handin/NAME-shmlab.tar.gz
#                    (tools/handin). LAB=NN: one lab only; STUDENT=...: the
#                    name in the file (default: the login name).
#   make gradescope  Gradescope's autograder: build/gradescope/autograder.zip
#                    (tools/gradescope/build). LAB=NN: the assignment is
#                    that lab (a missing lab scores 0 of its points).
# dist and gradescope need the teacher's kit (solutions/); the student
# archive carries handin only.

DIST_PRIVATE ?=
LAB ?=
STUDENT ?=

.PHONY: dist handin gradescope teacher-kit
teacher-kit:
	@if [ ! -d solutions ] || [ ! -x tools/dist ]; then \
	  echo "this target needs the teacher's kit (solutions/, tools/dist): not in a student copy"; \
	  exit 1; \
	fi

# The suites are built first: tools/dist counts their hidden tests.
dist: teacher-kit all
	@tools/dist $(foreach l,$(DIST_PRIVATE),--private $(l))

handin:
	@tools/handin $(if $(LAB),--lab $(LAB)) $(if $(STUDENT),--name '$(STUDENT)')

gradescope: teacher-kit all
	@tools/gradescope/build $(if $(LAB),--lab $(LAB))
