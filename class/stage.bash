# stage.bash - grade-class's staging: what the grader needs of a submission,
# from a folder or from an archive checked before it is extracted.
# Sourced by class/grade-class; uses its $work, $labs, $lab_max, MAX_* and shown.


# refuse REASON: record why this student is not graded ($work/refused).
refuse() { printf '%s\n' "$1" >"$work/refused"; }

# check_listing ARCHIVE: the listing obeys the rules; prints nothing if so.
check_listing() {
	local archive=$1 line type size name count=0 bytes=0 re
	re='^(.)[^ ]{9} +[0-9]+ +[^ ]+ +[^ ]+ +([0-9]+) +[A-Z][a-z][a-z] +[0-9]+ +[0-9:]+ (.*)$'
	if ! LC_ALL=C.UTF-8 timeout 60 bsdtar -tv --numeric-owner -f "$archive" >"$work/listing" 2>"$work/listing.err"; then
		echo "the archive cannot be read ($(head -n 1 "$work/listing.err" | cut -c1-200))"
		return
	fi
	while IFS= read -r line; do
		count=$((count + 1))
		if [ "$count" -gt "$MAX_ENTRIES" ]; then
			echo "the archive holds more than $MAX_ENTRIES entries"
			return
		fi
		type=${line:0:1} size="" name=$line
		if [[ $line =~ $re ]]; then
			size=${BASH_REMATCH[2]} name=${BASH_REMATCH[3]}
		fi
		case $type in
		l) echo "the archive holds a symbolic link ($name): links are refused"; return ;;
		h) echo "the archive holds a hard link ($name): links are refused"; return ;;
		- | d) ;;
		*) echo "the archive holds a device, fifo or socket ($name): only files and folders are accepted"; return ;;
		esac
		if [ -z "$size" ]; then
			echo "the archive's listing cannot be read: ${line:0:200}"
			return
		fi
		case /$name/ in
		//*) echo "the archive holds an absolute path ($name): entries must stay in the student's folder"; return ;;
		*/../*) echo "the archive holds an entry that leaves the student's folder ($name)"; return ;;
		esac
		if [ ${#size} -gt 15 ] || [ $((bytes += size)) -gt "$MAX_BYTES" ]; then
			echo "the archive holds more than $((MAX_BYTES >> 20)) MiB once extracted"
			return
		fi
	done <"$work/listing"
	[ "$count" -gt 0 ] || echo "the archive is empty"
}

# extract ARCHIVE DEST: check the listing, then extract into DEST (empty).
extract() {
	local archive=$1 dest=$2 magic reason
	magic=$(head -c 4 "$archive" | od -An -tx1 | tr -d ' \n')
	case $archive in
	*.zip) [[ $magic == 504b0304 || $magic == 504b0506 ]] || { refuse "the file is not a zip archive"; return; } ;;
	*) [[ $magic == 1f8b* ]] || { refuse "the file is not a gzip-compressed tar archive"; return; } ;;
	esac
	reason=$(check_listing "$archive")
	[ -z "$reason" ] || { refuse "$reason"; return; }
	mkdir -p "$dest"
	# bsdtar itself refuses ".." and absolute paths (no -P); the file size limit
	# and the timeout stop an archive whose listing lied about its sizes.
	if ! (ulimit -f $((MAX_BYTES / 1024)) && cd "$dest" && LC_ALL=C.UTF-8 timeout 120 bsdtar -x \
		--no-same-owner --no-same-permissions --no-acls --no-xattrs --no-fflags -f "$archive") \
		>"$work/extract.err" 2>&1; then
		refuse "the archive cannot be extracted ($(grep -v '^bsdtar: Error exit' "$work/extract.err" | head -n 1 | cut -c1-200))"
		return
	fi
	# What was extracted, checked again: files and folders only, no hard link, within the bounds.
	if [ -n "$(find "$dest" ! -type f ! -type d -print -quit)" ]; then
		refuse "the archive holds a link or a special file"
	elif [ -n "$(find "$dest" -type f -links +1 -print -quit)" ]; then
		refuse "the archive holds a hard link"
	elif [ "$(find "$dest" | wc -l)" -gt $((MAX_ENTRIES + 1)) ] ||
		[ "$(du -sb "$dest" | cut -f1)" -gt $((MAX_BYTES + (MAX_ENTRIES + 1) * 4096)) ]; then
		refuse "the archive is larger than announced"
	fi
	chmod -R u+rwX,go-rwx "$dest" 2>/dev/null
}

# is_lab_dir PATH: a real folder (not a link) named like a lab.
is_lab_dir() { [ -d "$1" ] && [ ! -L "$1" ] && [[ ${1##*/} =~ ^[0-9][0-9]-[a-z0-9-]+$ ]]; }

# find_root DIR: the folder holding the lab folders: DIR, or the single
# folder inside (at most three levels), ignoring hidden ones and __MACOSX.
find_root() {
	local dir=$1 sub subdirs
	for _ in 0 1 2 3; do
		for sub in "$dir"/*/; do
			is_lab_dir "${sub%/}" && { echo "$dir"; return 0; }
		done
		subdirs=()
		for sub in "$dir"/*/; do
			sub=${sub%/}
			[ -L "$sub" ] || [ "${sub##*/}" = __MACOSX ] || subdirs+=("$sub")
		done
		[ ${#subdirs[@]} -eq 1 ] || return 1
		dir=${subdirs[0]}
	done
	return 1
}

# keep ROOT SRC: copy the .c and .h files of the kit's labs from ROOT to SRC;
# notes on what was left out go to $work/notes.
keep() {
	local root=$1 src=$2 lab dir f kept file
	mkdir -p "$src"
	for dir in "$root"/*/; do
		dir=${dir%/}
		is_lab_dir "$dir" || continue
		[ -n "${lab_max[${dir##*/}]+x}" ] ||
			echo "folder ${dir##*/}/ is not a lab of the kit (${labs[*]}): ignored" >>"$work/notes"
	done
	for lab in "${labs[@]}"; do
		is_lab_dir "$root/$lab" || continue
		mkdir -p "$src/$lab"
		kept=0
		for f in "$root/$lab"/*; do
			case ${f##*/} in
			*.c | *.h) ;;
			*) continue ;;
			esac
			file=$(shown "${f##*/}")
			if [ -L "$f" ] || [ ! -f "$f" ]; then
				echo "$lab/$file is a link or not a regular file: ignored" >>"$work/notes"
			elif [ "$(stat -c %s "$f")" -gt "$MAX_SOURCE" ]; then
				echo "$lab/$file is larger than $MAX_SOURCE bytes: ignored" >>"$work/notes"
			elif [ "$kept" -ge "$MAX_LAB_FILES" ]; then
				echo "$lab/ has more than $MAX_LAB_FILES source files: $file and the next ignored" >>"$work/notes"
				break
			else
				cp "$f" "$src/$lab/" && kept=$((kept + 1))
			fi
		done
	done
	chmod -R u+rwX,go-rwx "$src"
	[ -n "$(ls -A "$src")" ]
}

# stage PATH [OTHERS]: fill $work/src with what the grader needs, or write
# $work/refused. OTHERS names the student's other submissions, if any.
stage() {
	local path=$1 root
	if [ -n "$2" ]; then
		refuse "several submissions for this student: $(shown "${path##*/}")$2"
		return
	fi
	if [ -d "$path" ]; then
		root=$path
	else
		extract "$path" "$work/x"
		[ ! -e "$work/refused" ] || return
		root=$work/x
	fi
	if ! root=$(find_root "$root"); then
		refuse "no lab folder found: expected folders named like ${labs[0]}/, or one folder holding them"
		return
	fi
	keep "$root" "$work/src" ||
		refuse "no lab of the kit found (expected folders named ${labs[*]})"
	rm -rf "$work/x"
}
