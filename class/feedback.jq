# feedback.jq - a student's feedback in Markdown, from the grader's JSON
# (class/grade-class).
#
# jq -r --arg student NAME --arg status STATUS --arg notes NOTES \
#       --arg version V --arg copy student|teacher \
#       --argjson labs LABS --argjson labmax MAX -f feedback.jq RESULT.json
# Everything that comes from the student (the name, the notes on the files,
# what the programs printed) is escaped or fenced, so it shows as text. In the
# student's copy a hidden test shows its points, never its details (what was
# observed, the hint): those are for the teacher's copy.
def md: gsub("(?<c>[\\\\`*_\\[\\]<>&|~#!])"; "\\\(.c)");
def fence: ([match("`+"; "g").length] | max // 0) as $n | "`" * ([$n + 1, 3] | max);
def block: fence as $f | "\($f)text\n\(.)\n\($f)";
def hidden: (.extra_data.hidden // false) == true;
. as $r
| ($r.tests | map(select(.extra_data.lab as $l | $labs | index($l)))) as $all
| [
	"# Feedback: \($student | md)", "",
	(if $copy == "teacher" then "_The teacher's copy: hidden tests show their details._", "" else empty end),
	"Total: **\($r.score) / \($labmax | add)**"
		+ (if $r.max_score != ($labmax | add) and $status == "graded" then " (the labs handed in: \($r.score) / \($r.max_score))" else "" end), "",
	(if $status != "graded" then "**Not graded**: \($status | sub("^[a-z]+: "; "") | md)", "" else empty end),
	(if $notes != "" then ("About your submission:", "", ($notes | split("\n")[] | select(. != "") | "- \(md)"), "") else empty end),
	(if $status == "graded" then "| lab | points |", "|---|---|" else empty end),
	($labs[] as $l | select($status == "graded") | ($all | map(select(.extra_data.lab == $l))) as $t
		| if ($t | length) == 0 then "| \($l) | not handed in (0 / \($labmax[$l])) |"
		  else "| \($l) | \($t | map(.score) | add) / \($t | map(.max_score) | add) |" end),
	"",
	($labs[] as $l | ($all | map(select(.extra_data.lab == $l))) as $t | select(($t | length) > 0)
		| "## \($l) — \($t | map(.score) | add) / \($t | map(.max_score) | add)", "",
		  ($t[] | (.name | sub("^[^:]*: "; "") | capture("^(?<id>[a-z0-9_]+) - (?<title>.*)$"; "s")
				// {id: "", title: .}) as $n
			| "- **\(if .status == "passed" then "PASS" else "FAIL" end)** \(.score)/\(.max_score) "
				+ (if $n.id != "" then "`\($n.id)`: " else "" end) + ($n.title | md)
				+ (if hidden then " (hidden test)" else "" end),
			  (if hidden and $copy != "teacher" then
				(if .status == "failed" then "", "  Its details are shown after grading.", "" else empty end)
			   elif (.output // "") != "" then "", (.output | block | split("\n") | map("  " + .) | join("\n")), ""
			   else empty end)),
		  ""),
	(if $status == "graded" then ($r.output // "" | md) else empty end),
	"", "_Graded by shmlab grade-class, grader version \($version)._"
  ] | join("\n")
