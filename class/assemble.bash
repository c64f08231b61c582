# assemble.bash - grade-class's results for the whole class, from each
# student's sealed state: gradebook.csv, similarity.csv and report.html.
# Sourced by class/grade-class; uses its $out, $run, $top, ids, names, labs,
# $labs_json, $lab_max_json, $max_total, $threshold, $version, $similarity,
# publish, sealed and die.

# class_records: every student's record into $run/class.json, if its seal
# holds; else a grader error (the state was changed, or could not be
# written, by someone else than this run).
class_records() {
	local i id
	for ((i = 0; i < total; i++)); do
		id=${ids[$i]}
		if sealed "$id"; then
			cat "$out/state/$id.json"
		else
			rm -f "$out/state/$id.json" # the next run grades this student again
			jq -n --arg id "$id" --arg student "${names[$i]}" --argjson labs "$labs_json" '{id: $id, student: $student,
				status: "error: the results in DIR were changed or could not be written (not by this grade-class run); run again",
				score: 0, labs: ([$labs[] | {key: ., value: 0}] | from_entries)}'
		fi
	done | jq -s '.' >"$run/class.json" || die "cannot read the results in $out/state"
}

# CSV cells: a text that a spreadsheet would take for a formula gets a quote first.
csv_cell='def cell: tostring | if test("^[=+@\t\r-]") then "'"'"'" + . else . end;'

# gradebook: gradebook.csv, every field quoted (@csv doubles the quotes).
gradebook() {
	jq -r --argjson labs "$labs_json" --argjson max "$max_total" "$csv_cell"'
		(["student"] + $labs + ["total", "max", "status"] | @csv),
		(.[] | [(.student | cell)] + [.labs[$labs[]]] + [.score, $max, (.status | cell)] | @csv)' \
		"$run/class.json" >"$run/gradebook.csv" || die "cannot write the gradebook"
	publish "$run/gradebook.csv" "$out/gradebook.csv" || die "cannot write $out/gradebook.csv"
}

# similar_pairs: similarity.csv, per lab, among the students graded
# (graded_ids, also kept for failures).
similar_pairs() {
	local id lab dirs skeleton ids_json
	graded_ids=()
	while IFS= read -r -d '' id; do graded_ids+=("$id"); done < <(jq -j '.[] | select(.status == "graded") | .id + "\u0000"' "$run/class.json")
	ids_json=$(jq -c '[.[] | select(.status == "graded") | .id]' "$run/class.json") # the same, in order
	: >"$run/pairs.json"
	mkdir -p "$run/empty"
	for lab in "${labs[@]}"; do
		dirs=()
		for id in "${graded_ids[@]}"; do dirs+=("$out/sources/$id/$lab"); done
		[ ${#dirs[@]} -ge 2 ] || continue
		skeleton=$top/labs/$lab
		[ -d "$skeleton" ] || skeleton=$run/empty
		"$similarity" -t "$threshold" "$skeleton" "${dirs[@]}" |
			jq -cR --arg lab "$lab" --argjson ids "$ids_json" 'split(" ") |
				{lab: $lab, a: $ids[(.[0] | tonumber) - 1], b: $ids[(.[1] | tonumber) - 1], score: (.[2] | tonumber)}' \
				>>"$run/pairs.json" || die "the similarity of $lab could not be computed"
	done
	jq -s 'sort_by(-.score, .lab, .a, .b)' "$run/pairs.json" >"$run/pairs-sorted.json"
	jq -r --slurpfile class "$run/class.json" "$csv_cell"'
		($class[0] | map({key: .id, value: .student}) | from_entries) as $name
		| (["lab", "student_a", "student_b", "similarity"] | @csv),
		  (.[] | [.lab, ($name[.a] | cell), ($name[.b] | cell), .score] | @csv)' "$run/pairs-sorted.json" >"$run/similarity.csv"
	publish "$run/similarity.csv" "$out/similarity.csv" || die "cannot write $out/similarity.csv"
}

# failures: per test, how many of the students who handed its lab in failed it.
failures() {
	local id results=()
	for id in "${graded_ids[@]}"; do results+=("$out/teacher/$id.json"); done
	if [ ${#results[@]} -gt 0 ]; then
		jq -n '[inputs | .tests[] | {name, failed: (.status == "failed")}] | group_by(.name)
			| map({name: .[0].name, failed: map(select(.failed)) | length, of: length})
			| sort_by(-.failed, .name)' "${results[@]}" >"$run/tests.json"
	else
		echo '[]' >"$run/tests.json"
	fi
}

# class_report: report.html, one page: its structure in report.html.in, its
# values from report.jq, its style inline, every value escaped.
class_report() {
	jq -rRs --argjson labs "$labs_json" --argjson labmax "$lab_max_json" --argjson max "$max_total" \
		--slurpfile class "$run/class.json" --slurpfile tests "$run/tests.json" \
		--slurpfile pairs "$run/pairs-sorted.json" --arg threshold "$threshold" --arg version "$version" \
		-f "$top/class/report.jq" "$top/class/report.html.in" >"$run/report.html" || die "cannot write the report"
	publish "$run/report.html" "$out/report.html" || die "cannot write $out/report.html"
}
