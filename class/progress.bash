# progress.bash - grade-class's progress line on a terminal: a bar, the
# count, the rate and the time left, from the done.* files in $run.
# Sourced by class/grade-class; uses its $run, $total and $start.

show_progress=0
[ -t 2 ] && show_progress=1
progress() {
	[ "$show_progress" = 1 ] || return 0
	local finished=("$run"/done.*) n elapsed width=30 bar rate left
	n=${#finished[@]}
	elapsed=$((EPOCHSECONDS - start))
	bar=$(printf '%*s' $((n * width / total)) '' | tr ' ' '#')$(printf '%*s' $((width - n * width / total)) '' | tr ' ' '.')
	if [ "$n" -gt 0 ] && [ "$elapsed" -gt 0 ]; then
		rate=$(awk -v n="$n" -v t="$elapsed" 'BEGIN {printf "%.1f/min", n * 60 / t}')
		left=$(((total - n) * elapsed / n))
		left=$(printf '%d:%02d left' $((left / 60)) $((left % 60)))
	else
		rate="-/min" left="-:-- left"
	fi
	printf '\r\033[K[%s] %d/%d  %s  %s' "$bar" "$n" "$total" "$rate" "$left" >&2
}

# Refresh it every second too, not only when a student is done: one student
# may take minutes. The ticker is disowned, so that jobs and wait -n in
# grade-class see only the graders; it ends with grade-class, even if that
# is killed.
ticker=
start_ticker() {
	[ "$show_progress" = 1 ] || return 0
	while kill -0 $$ 2>/dev/null && sleep 1; do progress; done &
	ticker=$!
	disown "$ticker"
}
stop_ticker() { [ -z "$ticker" ] || kill "$ticker" 2>/dev/null; ticker=; }
