# check.jq - is this the grader's JSON for the kit's labs? (class/grade-class)
#
# jq -r --argjson known KNOWN -f check.jq RESULT.json
# KNOWN is {"LAB": {"ID": {"max": N, "hidden": 0|1}, ...}, ...}, read from the
# suites' own list. Prints one line per problem found (at most 5), nothing if
# the JSON is sound: a score out of its range, a test that is not one of its
# lab's (each lab also has its "build" test, worth 0), a test twice, a total
# that is not the sum of the tests, a hidden flag (extra_data.hidden) that is
# not the suite's.
def int: type == "number" and . == floor;
def problems:
	if type != "object" then "the results are not a JSON object"
	elif (.tests | type) != "array" then "no list of tests"
	else
		(.tests[] | if type != "object" then "a test that is not an object" else
			(.name | if type == "string" then . else "" end) as $name
			| (if (.extra_data | type) == "object" then .extra_data else {} end | {lab, id: .test}) as $n
			| if ($n.lab | type) != "string" or ($n.id | type) != "string" or $known[$n.lab] == null
			  then "a test of no lab of the kit: \($name[0:80])"
			  elif ($name | startswith("\($n.lab): \($n.id) - ") | not) then "\($name[0:80]): named for another lab or test than its data"
			  else (if $n.id == "build" then {max: 0, hidden: 0} else $known[$n.lab][$n.id] end) as $t
			  | if $t == null then "a test that is not one of \($n.lab)'s: \($name[0:80])"
			    elif (.max_score | int | not) or .max_score != $t.max then "\($name[0:80]): max_score \(.max_score | tojson) instead of \($t.max)"
			    elif (.score | int | not) or .score < 0 or .score > .max_score then "\($name[0:80]): score \(.score | tojson) out of 0..\(.max_score)"
			    elif .status != "passed" and .status != "failed" then "\($name[0:80]): status \(.status | tojson)"
			    elif (.output // "" | type) != "string" then "\($name[0:80]): output is not text"
			    elif (.extra_data.hidden // false) != ($t.hidden == 1) then "\($name[0:80]): hidden \(.extra_data.hidden | tojson) is not the suite's"
			    else empty end
			  end end),
		([.tests[] | objects | .name] | group_by(.) | map(select(length > 1))[] | "a test given twice: \(.[0] | tostring | .[0:80])"),
		(if (.score | int | not) or .score != ([.tests[] | objects | .score | numbers] | add // 0) then "score \(.score | tojson) is not the sum of the tests' scores" else empty end),
		(if (.max_score | int | not) or .max_score != ([.tests[] | objects | .max_score | numbers] | add // 0) then "max_score \(.max_score | tojson) is not the sum of the tests' max_score" else empty end)
	end;
[problems] | .[0:5][]
