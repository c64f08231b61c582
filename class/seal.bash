# seal.bash - the seal of a student's results in grade-class's DIR: an
# HMAC-SHA256 (RFC 2104) with a secret only DIR holds (DIR/.secret, 0600),
# written in bash with sha256sum so that the secret is never in a command line.
# Sourced by class/grade-class; uses its $out and die.

# seal_init: read (or make) DIR's secret, and derive the HMAC pads from it.
seal_init() {
	local secret b byte hex
	if [ ! -s "$out/.secret" ] || [ -L "$out/.secret" ]; then
		head -c 32 /dev/urandom | od -An -tx1 -v | tr -d ' \n' >"$run/secret" && mv -f "$run/secret" "$out/.secret" ||
			die "cannot write $out/.secret"
	fi
	secret=$(cat "$out/.secret")
	[[ $secret =~ ^[0-9a-f]{64}$ ]] || die "$out/.secret is not a secret of grade-class's (remove it: everyone is graded again)"
	ipad="" opad=""
	for ((b = 0; b < 64; b++)); do # the key, 32 bytes, padded with zeros to SHA-256's block
		byte=0
		[ "$b" -ge 32 ] || byte=$((16#${secret:2*b:2}))
		printf -v hex '\\x%02x' $((byte ^ 0x36)) && ipad+=$hex
		printf -v hex '\\x%02x' $((byte ^ 0x5c)) && opad+=$hex
	done
}
# hmac: the keyed digest of standard input, in hex.
unhex() { local h; read -r h && printf "$(sed 's/../\\x&/g' <<<"$h")"; }
hmac() { { printf "$opad"; { printf "$ipad"; cat; } | sha256sum | cut -c1-64 | unhex; } | sha256sum | cut -c1-64; }
# seal STATE FEEDBACK.json FEEDBACK.md TEACHER.json TEACHER.md SOURCES: the
# seal of a student's state, of its four result files and of its kept sources.
seal() {
	local f
	{
		jq -cS 'del(.mac)' "$1" 2>/dev/null || echo "no state"
		for f in "$2" "$3" "$4" "$5"; do
			{ [ -f "$f" ] && [ ! -L "$f" ] && sha256sum <"$f"; } 2>/dev/null || echo "no file"
		done
		[ ! -d "$6" ] || (cd "$6" && find . -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c '%F %s %n' -- &&
			find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum --)
	} | hmac
}
# sealed ID: the state of student ID in DIR is the one grade-class wrote.
sealed() {
	local id=$1 mac
	mac=$(jq -r '.mac | strings' "$out/state/$id.json" 2>/dev/null) && [ -n "$mac" ] &&
		[ "$(jq -r .id "$out/state/$id.json")" = "$id" ] &&
		[ "$mac" = "$(seal "$out/state/$id.json" "$out/feedback/$id.json" "$out/feedback/$id.md" \
			"$out/teacher/$id.json" "$out/teacher/$id.md" "$out/sources/$id")" ]
}

