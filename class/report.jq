# report.jq - the class at a glance: the data of report.html, filled into
# its template, class/report.html.in (class/grade-class).
#
# jq -rRs --argjson labs LABS --argjson labmax MAX --argjson max TOTAL \
#       --slurpfile class CLASS.json --slurpfile tests TESTS \
#       --slurpfile pairs PAIRS --arg threshold T --arg version V \
#       -f report.jq report.html.in
# CLASS.json is the list of the students' records ({id, student, status,
# score, labs}), TESTS the failures per test, PAIRS the similar pairs. The
# page's structure is the template's; this program computes the values.
#
# The template's placeholders (a subset of Mustache): {{name}} is a value,
# always HTML-escaped (numbers too: they are checked, but the page must not
# depend on it); {{#name}}...{{/name}} is repeated for each element of a
# list, with the element's fields (an object's fields, once for an object,
# once for true); {{^name}}...{{/name}} is shown when name is false, null or
# an empty list. A name the data does not have is an error, not a blank.
def fill($ctx):
	if test("\\{\\{[#^]") | not then
		gsub("\\{\\{(?<k>[a-z_]+)\\}\\}"; .k as $k
			| if $ctx | has($k) then $ctx[$k] | tostring | @html
			  else error("report.html.in: no value for {{\($k)}}") end)
	else
		(capture("\\A(?<pre>.*?)\\{\\{(?<t>[#^])(?<k>[a-z_]+)\\}\\}(?<body>.*?)\\{\\{/\\k<k>\\}\\}(?<post>.*)\\z"; "p")
			// error("report.html.in: a section without its end: \(.[0:80])"))
		| .k as $k | .body as $body
		| (if $ctx | has($k) then $ctx[$k] else error("report.html.in: no value for {{#\($k)}}") end) as $v
		| ($v | . == false or . == null or . == []) as $empty
		| (.pre | fill($ctx))
		+ (if .t == "^" then (if $empty then $body | fill($ctx) else "" end)
		   elif $empty then ""
		   elif ($v | type) == "array" then [$v[] as $e | $body | fill($ctx + (if ($e | type) == "object" then $e else {} end))] | join("")
		   elif ($v | type) == "object" then $body | fill($ctx + $v)
		   else $body | fill($ctx) end)
		+ (.post | fill($ctx))
	end;
def pct($a; $b): if $b > 0 then ($a * 100 / $b | floor) else 0 end;
def median: sort | length as $n
	| if $n == 0 then null elif $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end;
def href($dir; $ext): "\($dir)/\(.id | @uri).\($ext)";
$class[0] as $class | $tests[0] as $tests | $pairs[0] as $pairs
| ($class | length) as $n
| ($class | map({key: .id, value: .student}) | from_entries) as $name
| [$class[] | if $max > 0 then (.score * 100 / $max) else 0 end] as $pct
| [range(0; 10) as $b | {label: (if $b == 9 then "90-100" else "\($b * 10)-\($b * 10 + 9)" end),
	count: ([$pct[] | select(((. / 10) | floor | if . > 9 then 9 else . end) == $b)] | length)}] as $bins
| ([$bins[].count] | max) as $top
| fill({
	n: $n, max: $max, threshold: $threshold, version: $version,
	stats: (if $n > 0 then {mean: (([$class[].score] | add) * 10 / $n | floor / 10), median: ([$class[].score] | median)} else false end),
	refused: [$class[] | select(.status | startswith("refused"))] | length,
	errors: [$class[] | select(.status | startswith("error"))] | length,
	bins: [$bins[] | . + {height: pct(.count; $top)}],
	pairs: [$pairs[] | {lab, a: $name[.a], b: $name[.b], percent: (.score * 100 | floor)}],
	any_pairs: ($pairs | length > 0),
	tests: [$tests[] | {name, failed, of, percent: pct(.failed; .of)}],
	# A lab's name may break after each dash, in a narrow column.
	labs: [$labs[] | split("-") as $p | {max: $labmax[$p | join("-")],
		parts: [range($p | length) as $i | {part: $p[$i], dash: ($i < ($p | length) - 1)}]}],
	students: [$class[] | . as $s | {student, score, status,
		feedback: href("feedback"; "md"), teacher: href("teacher"; "md"), timeline: href("timeline"; "html"),
		graded: (.status | startswith("graded")),
		cells: [$labs[] | {points: ($s.labs[.] // 0)}]}]
})
