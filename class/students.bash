# students.bash - grade-class's list of the class: one student a submission,
# each with a file name (ID) that is safe and stable whatever the name holds.
# Sourced by class/grade-class; uses its $subs and usage_error.

# shown NAME: NAME as text that can be shown anywhere: UTF-8 kept, other bytes
# read as Latin-1 (as LMS downloads have them), control characters and
# bidirectional overrides written \xNN or \x{NNNN}.
shown() {
	LC_ALL=C perl -CO -e 'my $s = $ARGV[0]; utf8::decode($s);
		$s =~ s/([\x00-\x1f\x7f-\x9f])/sprintf("\\x%02x", ord $1)/ge;
		$s =~ s/([\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}])/sprintf("\\x{%04x}", ord $1)/ge;
		print $s' -- "$1"
}

# find_students: the submissions in $subs, into ids (file names), names (as
# shown), paths and also (the other submissions of that student, if any).
find_students() {
	local path name raw shown_name id
	ids=() names=() paths=() also=()
	declare -gA index_of=()
	for path in "$subs"/*; do
		name=${path##*/}
		if [ -d "$path" ] && [ ! -L "$path" ]; then
			raw=$name
		elif [ -f "$path" ] && [ ! -L "$path" ]; then
			case $name in
			*.tar.gz) raw=${name%.tar.gz} ;;
			*.tgz) raw=${name%.tgz} ;;
			*.zip) raw=${name%.zip} ;;
			*) echo "grade-class: $(shown "$name"): not a folder, .tar.gz, .tgz or .zip; ignored" >&2; continue ;;
			esac
		else
			echo "grade-class: $(shown "$name"): a link, or not a folder or a file; ignored" >&2
			continue
		fi
		if [ -z "$raw" ]; then
			echo "grade-class: $(shown "$name"): no student name; ignored" >&2
			continue
		fi
		shown_name=$(shown "$raw")
		id=$shown_name # the file name: the name itself when it is plain text, else shown and made unique
		if [ "$shown_name" != "$raw" ] || [ ${#id} -gt 200 ]; then
			id="${shown_name:0:180}~$(printf '%s' "$raw" | sha256sum | cut -c1-8)"
		fi
		if [ -n "${index_of[$id]+x}" ]; then # two submissions for one student: refuse both
			also[${index_of[$id]}]+=", $(shown "$name")"
			continue
		fi
		index_of[$id]=${#ids[@]}
		ids+=("$id")
		names+=("$shown_name")
		paths+=("$path")
		also+=("")
	done
	total=${#ids[@]}
	[ "$total" -gt 0 ] || usage_error "no submission in $subs"
}
