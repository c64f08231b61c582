# listings.awk - list the headings and fenced code blocks of a Markdown file.
#
#   awk -v dir=DIR -f docs/tools/listings.awk FILE.md
#
# Prints one record per heading and per code block, fields separated by the
# ASCII unit separator (\037), and writes the text of code block N to DIR/N:
#
#   H  level  line                               an ATX heading (# ... ######)
#   B  N  line  classes  bug  stdin  args  flags  spins
#                                                a fenced code block
#
# line is the line of the heading or of the opening fence; classes are the
# block's classes without dots ("{.c .program}" gives "c program", "```c"
# gives "c"); bug, stdin, args, flags and spins are the values of those
# attributes, if any (quoted with "..." or '...', without that quote inside,
# no backslash escapes). A YAML header at the top of the file is skipped;
# setext headings are not recognised.

BEGIN { SEP = "\037"; n = 0; inblock = 0; inyaml = 0 }

function attr(info, name) {
    if (match(info, "[ {]" name "=\"[^\"]*\"") || match(info, "[ {]" name "='[^']*'"))
        return substr(info, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
    return ""
}

function classes(info,    s, i, k, words, out) {
    s = info
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    if (s !~ /^\{/) {                 # ```c  or  ``` c
        split(s, words, /[ \t]+/)
        return words[1]
    }
    gsub(/"[^"]*"/, "", s)            # attribute values may contain spaces
    gsub(/'[^']*'/, "", s)
    gsub(/[{}]/, " ", s)
    k = split(s, words, /[ \t]+/)
    out = ""
    for (i = 1; i <= k; i++)
        if (words[i] ~ /^\.[^=]+$/)
            out = out (out == "" ? "" : " ") substr(words[i], 2)
    return out
}

NR == 1 && /^---[ \t]*$/ { inyaml = 1; next }
inyaml { if (/^(---|\.\.\.)[ \t]*$/) inyaml = 0; next }

inblock {
    t = $0
    sub(/^ */, "", t)
    if (substr(t, 1, length(fence)) == fence) {
        rest = substr(t, length(fence) + 1)
        gsub(fchar, "", rest)
        if (rest ~ /^[ \t]*$/) {
            inblock = 0
            close(file)
            next
        }
    }
    line = $0
    for (i = 0; i < indent && substr(line, 1, 1) == " "; i++)
        line = substr(line, 2)
    print line > file
    next
}

/^ *(```|~~~)/ {
    match($0, /^ */)
    indent = RLENGTH
    t = substr($0, indent + 1)
    fchar = substr(t, 1, 1)
    match(t, "^" fchar "+")
    fence = substr(t, 1, RLENGTH)
    info = substr(t, RLENGTH + 1)
    n++
    file = dir "/" n
    printf "" > file                  # an empty block still gets its file
    inblock = 1
    print "B" SEP n SEP NR SEP classes(info) SEP attr(info, "bug") SEP \
          attr(info, "stdin") SEP attr(info, "args") SEP attr(info, "flags") SEP \
          attr(info, "spins")
    next
}

/^#+([ \t]|$)/ {
    match($0, /^#+/)
    if (RLENGTH <= 6)
        print "H" SEP RLENGTH SEP NR
}
