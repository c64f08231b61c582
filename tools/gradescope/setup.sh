#!/bin/bash
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image: install the packages the grader needs, then build it.
#
# The autograder zip (make gradescope) is unpacked in /autograder/source/:
# this file sits at the kit's root there. Packages are installed with
# apt-get (Gradescope's images are Ubuntu) only when one is missing, so the
# same script runs on a machine that has them all, without network.
set -u
src=$(cd "$(dirname "$0")" && pwd) || exit 1

# The kit's lists (mk/packages.txt): what grading needs, and what Gradescope adds.
packages=$(sed -n 's/^\(grade\|gradescope\): //p' "$src/mk/packages.txt" | tr '\n' ' ')
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing || exit 1
else
	echo "setup: every package is present ($packages)"
fi

# Results must be JSON: the grader needs json-c for --format json.
if ! pkg-config --exists json-c; then
	echo "setup: json-c not found by pkg-config: the grader could not write results.json" >&2
	exit 1
fi
# Warnings are not errors here (WERROR=0, the default): a newer compiler on
# Gradescope's image must not stop the grader from building.
make -C "$src" --no-print-directory -s WERROR=0 all || exit 1
[ -x "$src/build/grader/runner" ] || { echo "setup: the grader was not built" >&2; exit 1; }
echo "setup: grader built in $src/build/grader"
