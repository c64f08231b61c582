# lib.sh - what every check of the kit's self-test shares (tests/checks/*).
#
# A check is a bash script that sources this file, then reports with pass,
# fail and check: one "PASS: what" or "FAIL: what" line each, the details of
# a failure indented below it. tests/run counts only those lines; run alone
# from anywhere (tests/checks/NAME), a check ends with its own count and
# exits 1 if anything failed.
#
# It sets:   top    the kit's root (the current folder too)
#            grade  the runner (GRADE, or build/grader/runner)
#            tmp    a private temporary folder, removed at the end
set -u
cd "${SHMLAB_TOP:-$(dirname "${BASH_SOURCE[0]}")/..}" || exit 2
top=$(pwd)
export SHMLAB_TOP=$top NO_COLOR=1
grade=${GRADE:-$top/build/grader/runner}
tmp=$(mktemp -d "${SELFTEST_TMP:-${TMPDIR:-/tmp}}/shmlab-check.XXXXXX") || exit 2
chmod 755 "$tmp" # unprivileged runs read it
lib_passed=0 lib_failed=0

pass() { lib_passed=$((lib_passed + 1)); echo "PASS: $*"; }
fail() {
	lib_failed=$((lib_failed + 1))
	echo "FAIL: $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/    /'
	return 0
}
# check NAME COMMAND...: PASS if the command succeeds, FAIL with its output otherwise.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(printf '%s\n' "$out" | tail -n 20)"; fi
}
# relay PREFIX COMMAND...: pass on the PASS/FAIL lines of a program (a Check
# test binary, another script), each named PREFIX: what it said.
relay() {
	local prefix=$1 line
	shift
	while IFS= read -r line; do
		case $line in
		PASS:*) pass "$prefix: ${line#PASS: }" ;;
		FAIL:*) fail "$prefix: ${line#FAIL: }" ;;
		esac
	done < <("$@" 2>&1)
}

# The exit status comes from the counts, not from the script's last command
# (an assignment from `grep -c` that counted nothing is status 1).
lib_end() {
	rm -rf "$tmp"
	[ -n "${SELFTEST_TMP:-}" ] || echo "$lib_passed passed, $lib_failed failed" >&2
	if [ "$lib_failed" = 0 ]; then exit 0; else exit 1; fi
}
trap 'lib_end' EXIT
