# report.jq - the class at a glance, one HTML page (class/grade-class).
#
# jq -r --argjson labs LABS --argjson labmax MAX --argjson max TOTAL \
#       --slurpfile tests TESTS --slurpfile pairs PAIRS --arg threshold T \
#       --arg version V -f report.jq CLASS.json
# CLASS.json is the list of the students' records ({id, student, status,
# score, labs}), TESTS the failures per test, PAIRS the similar pairs. Every
# text is escaped with @html, numbers included (they are checked, but the
# page must not depend on it); links go only to feedback/ and teacher/.
def h: tostring | @html;
def link($dir): "\($dir)/\(.id | @uri).md" | @html;
def pct($a; $b): if $b > 0 then ($a * 100 / $b | floor) else 0 end;
def median: sort | length as $n
	| if $n == 0 then null elif $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end;
. as $class | $tests[0] as $tests | $pairs[0] as $pairs
| ($class | length) as $n
| ($class | map({key: .id, value: .student}) | from_entries) as $name
| [$class[] | if $max > 0 then (.score * 100 / $max) else 0 end] as $pct
| [range(0; 10) as $b | {label: (if $b == 9 then "90-100" else "\($b * 10)-\($b * 10 + 9)" end),
	count: ([$pct[] | select(((. / 10) | floor | if . > 9 then 9 else . end) == $b)] | length)}] as $bins
| ([$bins[].count] | max) as $top
| [
"<!DOCTYPE html>",
"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shmlab: class report</title>",
"<style>",
"body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}",
"h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}",
"table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}",
"th{background:#f3f3f3}td.num,th.num{text-align:right}th .max{font-weight:normal;color:#555}",
"td.status{overflow-wrap:anywhere}",
".chart{display:grid;grid-template-columns:2em 1fr;grid-template-rows:220px auto auto}",
".ytitle{grid-row:1;writing-mode:vertical-rl;transform:rotate(180deg);text-align:center;font-size:.85em}",
".hist{grid-column:2;display:flex;align-items:flex-end;gap:6px;border-left:2px solid #444;border-bottom:2px solid #444;padding-top:1em}",
".col{flex:1;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;height:100%}",
".bar{width:100%;background:#3b6ea5}.count{font-size:.85em}",
".labels{grid-column:2;display:flex;gap:6px}.labels div{flex:1;text-align:center;font-size:.8em}",
".xtitle{grid-column:2;text-align:center;font-size:.85em;margin-top:.3em}",
".meter{background:#eee;width:200px;height:12px}.meter div{background:#c0392b;height:12px}",
".refused{color:#a00}.small{color:#666;font-size:.85em}",
"@media print{body{margin:0;max-width:none;padding:0;font-size:9pt}table{width:100%;font-size:8pt}",
"td,th{padding:.15em .3em}.meter{width:60px}tr{break-inside:avoid}h2{break-after:avoid}",
"a{color:inherit;text-decoration:none}.chart{break-inside:avoid}}",
"</style></head><body>",
"<h1>shmlab: class report</h1>",
"<p>\($n | h) students; maximum \($max | h) points"
	+ (if $n > 0 then "; mean \(([$class[].score] | add) * 10 / $n | floor / 10 | h), median \([$class[].score] | median | h)" else "" end)
	+ "; \([$class[] | select(.status | startswith("refused"))] | length) refused, \([$class[] | select(.status | startswith("error"))] | length) not graded (grader error).</p>",
"<h2 id=\"histogram\">Score distribution</h2>",
"<div class=\"chart\"><div class=\"ytitle\">students</div><div class=\"hist\">",
($bins[] | "<div class=\"col\"><span class=\"count\">\(.count)</span><div class=\"bar\" style=\"height:\(if $top > 0 then (.count * 100 / $top | floor) else 0 end)%\"></div></div>"),
"</div><div class=\"labels\">", ($bins[] | "<div>\(.label)</div>"), "</div>",
"<div class=\"xtitle\">total score, in % of the maximum (\($max | h) points)</div></div>",
"<h2 id=\"similarity\">Similar submissions</h2>",
"<p class=\"small\">Pairs of submissions of a lab whose code is alike (identifiers and literals normalised, white space and comments ignored, the skeleton left out): similarity \($threshold | h) or more. A lead to look into, not a proof.</p>",
(if ($pairs | length) == 0 then "<p>No pair above the threshold.</p>" else
	"<table><tr><th>lab</th><th>student</th><th>student</th><th>similarity</th></tr>",
	($pairs[] | "<tr><td>\(.lab | h)</td><td>\($name[.a] | h)</td><td>\($name[.b] | h)</td><td class=\"num\">\(.score * 100 | floor | h) %</td></tr>"),
	"</table>" end),
"<h2 id=\"tests\">Tests failed, most failed first</h2>",
"<p class=\"small\">For each test, how many of the students who handed its lab in failed it.</p>",
"<table><tr><th>test</th><th>failed</th><th>of</th><th></th></tr>",
($tests[] | "<tr><td>\(.name | h)</td><td class=\"num\">\(.failed | h)</td><td class=\"num\">\(.of | h)</td><td><div class=\"meter\"><div style=\"width:\(pct(.failed; .of) | h)%\"></div></div></td></tr>"),
"</table>",
"<h2 id=\"students\">Students</h2>",
"<p class=\"small\">Each name links to the student's feedback (feedback/, the student's copy); \"teacher\" to the teacher's copy, with the hidden tests' details; \"timeline\" to the page of the student's runs, a timeline of each (teacher's eyes only: it shows hidden tests too).</p>",
"<table><tr><th>student</th>" + ($labs | map("<th class=\"num\">\(h | gsub("-"; "-<wbr>"))<br><span class=\"max\">/ \($labmax[.] | h)</span></th>") | join(""))
	+ "<th class=\"num\">total<br><span class=\"max\">/ \($max | h)</span></th><th>status</th></tr>",
($class[] | . as $s | "<tr><td><a href=\"\(link("feedback"))\">\(.student | h)</a> <a class=\"small\" href=\"\(link("teacher"))\">teacher</a> \(if (.status | startswith("graded")) then "<a class=\"small\" href=\"\("timeline/\(.id | @uri).html" | @html)\">timeline</a>" else "" end)</td>"
	+ ($labs | map("<td class=\"num\">\($s.labs[.] // 0 | h)</td>") | join(""))
	+ "<td class=\"num\">\(.score | h)</td><td class=\"status\(if (.status | startswith("graded")) then "" else " refused" end)\">\(.status | h)</td></tr>"),
"</table>",
"<p class=\"small\">Grader version \($version | h).</p>",
"</body></html>"
] | join("\n")
