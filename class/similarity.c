/*
 * similarity - find pairs of submissions of one lab whose code is alike.
 *
 * Usage: similarity [-k K] [-w W] [-t MIN_SCORE] [-m MIN_PRINTS] SKELETON DIR...
 *        similarity --tokens FILE...
 *
 * Each DIR is one student's folder for the lab; every .c and .h file in it
 * (not in sub-folders, links ignored) is read, in name order. The code is
 * turned into a stream of normalised tokens: every identifier becomes "id",
 * every literal (number, string, character) "lit", keywords and operators stay
 * what they are, and white space and comments vanish, so renaming variables or
 * reformatting does not change the stream. Each run of K tokens (a k-gram) is
 * hashed, and winnowing keeps the smallest hash of every window of W k-grams:
 * those are the submission's fingerprints. Fingerprints that also occur among
 * the k-grams of SKELETON (the code handed out to every student) are dropped:
 * shared starter code is not evidence. Two submissions score the Jaccard index
 * of their fingerprint sets, |A and B| / |A or B|, from 0 to 1.
 *
 * Prints "I J SCORE" for every pair scoring at least MIN_SCORE, where I < J
 * are the positions of the two DIRs among the arguments (1 for the first).
 * A submission with fewer than MIN_PRINTS fingerprints of its own (nothing
 * written beyond the skeleton) is compared with no one. A missing DIR counts
 * as an empty submission.
 *
 * --tokens prints the normalised tokens of the files, one a line (to check
 * the tokenizer).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

#define MAX_FILE_BYTES (1 << 20) /* the grader reads no bigger source file */

/* A growable array of 64-bit hashes. */
struct hashes {
    uint64_t *v;
    size_t n, cap;
};

static void push(struct hashes *h, uint64_t x)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        uint64_t *v = realloc(h->v, cap * sizeof *v);

        if (v == NULL)
            die("realloc");
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n++] = x;
}

static int cmp_hash(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Sort and remove duplicates: the array becomes a set. */
static void make_set(struct hashes *h)
{
    size_t i, n = 0;

    if (h->n == 0)
        return;
    qsort(h->v, h->n, sizeof *h->v, cmp_hash);
    for (i = 0; i < h->n; i++)
        if (n == 0 || h->v[n - 1] != h->v[i])
            h->v[n++] = h->v[i];
    h->n = n;
}

static int in_set(const struct hashes *set, uint64_t x)
{
    return set->n > 0 && bsearch(&x, set->v, set->n, sizeof x, cmp_hash) != NULL;
}

/* FNV-1a, 64 bits. */
static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static const char *const keywords[] = {
    "auto",          "break",    "case",      "char",     "const",    "continue",
    "default",       "do",       "double",    "else",     "enum",     "extern",
    "float",         "for",      "goto",      "if",       "inline",   "int",
    "long",          "register", "restrict",  "return",   "short",    "signed",
    "sizeof",        "static",   "struct",    "switch",   "typedef",  "union",
    "unsigned",      "void",     "volatile",  "while",    "_Bool",    "_Complex",
    "_Atomic",       "_Generic", "_Noreturn", "_Alignas", "_Alignof", "_Static_assert",
    "_Thread_local", NULL,
};

/* Operators and punctuators, longest first. */
static const char *const punctuators[] = {
    "%:%:", "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
    "*=",   "/=",  "%=",  "+=",  "-=", "&=", "^=", "|=", "##", "<:", ":>", "<%", "%>", "%:", NULL,
};

static int is_keyword(const char *s, size_t n)
{
    int i;

    for (i = 0; keywords[i] != NULL; i++)
        if (strlen(keywords[i]) == n && memcmp(keywords[i], s, n) == 0)
            return 1;
    return 0;
}

/*
 * Append the normalised tokens of text[0..len) to out, as hashes of their
 * text ("id", "lit", or the keyword or operator itself). With print set,
 * also print each token on a line.
 */
static void tokenize(const char *text, size_t len, struct hashes *out, int print)
{
    size_t i = 0;

    while (i < len) {
        const char *tok;
        size_t start = i, tlen;
        char c = text[i];

        if (isspace((unsigned char)c) || (c == '\\' && i + 1 < len && text[i + 1] == '\n')) {
            i++;
            continue;
        }
        if (c == '/' && i + 1 < len && text[i + 1] == '*') {
            for (i += 2; i + 1 < len && !(text[i] == '*' && text[i + 1] == '/'); i++)
                ;
            i += 2;
            continue;
        }
        if (c == '/' && i + 1 < len && text[i + 1] == '/') {
            while (i < len && text[i] != '\n')
                i++;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '_'))
                i++;
            /* A prefixed literal (L"x", u8"x", U'x') is one literal. */
            if (i < len && (text[i] == '"' || text[i] == '\'') && i - start <= 2 &&
                strchr("LuU8", c) != NULL)
                c = text[i];
            else {
                tok = is_keyword(text + start, i - start) ? text + start : "id";
                tlen = tok == text + start ? i - start : 2;
                goto emit;
            }
        }
        if (c == '"' || c == '\'') {
            char quote = c;

            for (i++; i < len && text[i] != quote && text[i] != '\n'; i++)
                if (text[i] == '\\')
                    i++;
            i++;
            tok = "lit";
            tlen = 3;
        } else if (isdigit((unsigned char)c) ||
                   (c == '.' && i + 1 < len && isdigit((unsigned char)text[i + 1]))) {
            /* A preprocessing number: digits, letters, dots, and signs after e/E/p/P. */
            for (i++; i < len; i++) {
                if ((text[i] == '+' || text[i] == '-') && strchr("eEpP", text[i - 1]) != NULL)
                    continue;
                if (!isalnum((unsigned char)text[i]) && text[i] != '.' && text[i] != '_')
                    break;
            }
            tok = "lit";
            tlen = 3;
        } else {
            int p;

            tok = text + i;
            tlen = 1;
            for (p = 0; punctuators[p] != NULL; p++) {
                size_t n = strlen(punctuators[p]);

                if (i + n <= len && memcmp(text + i, punctuators[p], n) == 0) {
                    tlen = n;
                    break;
                }
            }
            i += tlen;
        }
    emit:
        if (i > len)
            i = len;
        if (print)
            printf("%.*s\n", (int)tlen, tok);
        push(out, fnv(tok, tlen));
    }
}

/* Read a whole regular file (not a link) of at most MAX_FILE_BYTES; NULL if not one. */
static char *read_source(const char *path, size_t *len)
{
    struct stat st;
    FILE *f;
    char *text;

    if (lstat(path, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE_BYTES)
        return NULL;
    f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    text = malloc((size_t)st.st_size + 1);
    if (text == NULL)
        die("malloc");
    *len = fread(text, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        fclose(f);
        free(text);
        return NULL;
    }
    fclose(f);
    return text;
}

static int is_source(const struct dirent *e)
{
    size_t n = strlen(e->d_name);

    return e->d_name[0] != '.' && n > 2 && e->d_name[n - 2] == '.' &&
           (e->d_name[n - 1] == 'c' || e->d_name[n - 1] == 'h');
}

/* The tokens of every .c and .h file of dir, in name order. */
static void tokenize_dir(const char *dir, struct hashes *tokens)
{
    struct dirent **names;
    int n, i;

    n = scandir(dir, &names, is_source, alphasort);
    for (i = 0; i < n; i++) {
        char path[4096];
        size_t len;
        char *text;

        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name) < sizeof path &&
            (text = read_source(path, &len)) != NULL) {
            tokenize(text, len, tokens, 0);
            free(text);
        }
        free(names[i]);
    }
    if (n > 0)
        free(names);
}

/* The hash of the k tokens from t[i]. */
static uint64_t kgram(const struct hashes *t, size_t i, int k)
{
    uint64_t h = 0;
    int j;

    for (j = 0; j < k; j++)
        h = h * 1000003u ^ t->v[i + (size_t)j];
    return h;
}

/* Every k-gram hash of dir (the skeleton's, all of them, as a set). */
static void all_kgrams(const char *dir, int k, struct hashes *set)
{
    struct hashes t = {NULL, 0, 0};
    size_t i;

    tokenize_dir(dir, &t);
    for (i = 0; i + (size_t)k <= t.n; i++)
        push(set, kgram(&t, i, k));
    free(t.v);
    make_set(set);
}

/*
 * The winnowed fingerprints of dir, as a set, without those of the skeleton:
 * in every window of w consecutive k-grams, the smallest hash (the rightmost
 * one on a tie).
 */
static void fingerprints(const char *dir, int k, int w, const struct hashes *skeleton,
                         struct hashes *set)
{
    struct hashes t = {NULL, 0, 0}, g = {NULL, 0, 0};
    size_t i, j, win, last = (size_t)-1;

    tokenize_dir(dir, &t);
    for (i = 0; i + (size_t)k <= t.n; i++)
        push(&g, kgram(&t, i, k));
    win = g.n < (size_t)w ? g.n : (size_t)w;
    for (i = 0; win > 0 && i + win <= g.n; i++) {
        size_t min = i;

        for (j = i; j < i + win; j++)
            if (g.v[j] <= g.v[min])
                min = j;
        if (min != last && !in_set(skeleton, g.v[min]))
            push(set, g.v[min]);
        last = min;
    }
    free(t.v);
    free(g.v);
    make_set(set);
}

static double jaccard(const struct hashes *a, const struct hashes *b)
{
    size_t i = 0, j = 0, both = 0;

    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) {
            both++;
            i++;
            j++;
        } else if (a->v[i] < b->v[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)both / (double)(a->n + b->n - both);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: similarity [-k K] [-w W] [-t MIN_SCORE] [-m MIN_PRINTS] SKELETON DIR...\n"
            "       similarity --tokens FILE...\n");
    exit(2);
}

/* A whole positive number from an option, or a usage error. */
static int positive(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < 1 || v > 1000)
        usage();
    return (int)v;
}

int main(int argc, char **argv)
{
    int k = 12, w = 6, min_prints = 8, c, i, j, n;
    double min_score = 0.5;
    struct hashes skeleton = {NULL, 0, 0}, *sets;
    char *end;

    if (argc > 1 && strcmp(argv[1], "--tokens") == 0) {
        for (i = 2; i < argc; i++) {
            struct hashes t = {NULL, 0, 0};
            size_t len;
            char *text = read_source(argv[i], &len);

            if (text == NULL)
                fail("similarity: %s: not a readable source file", argv[i]);
            tokenize(text, len, &t, 1);
            free(text);
            free(t.v);
        }
        return 0;
    }
    while ((c = getopt(argc, argv, "k:w:t:m:")) != -1) {
        switch (c) {
        case 'k':
            k = positive(optarg);
            break;
        case 'w':
            w = positive(optarg);
            break;
        case 'm':
            min_prints = positive(optarg);
            break;
        case 't':
            min_score = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0' || min_score < 0 || min_score > 1)
                usage();
            break;
        default:
            usage();
        }
    }
    if (argc - optind < 1)
        usage();
    all_kgrams(argv[optind], k, &skeleton);
    n = argc - optind - 1;
    sets = calloc((size_t)n + 1, sizeof *sets);
    if (sets == NULL)
        die("calloc");
    for (i = 0; i < n; i++)
        fingerprints(argv[optind + 1 + i], k, w, &skeleton, &sets[i]);
    for (i = 0; i < n; i++) {
        if (sets[i].n < (size_t)min_prints)
            continue;
        for (j = i + 1; j < n; j++) {
            double s;

            if (sets[j].n < (size_t)min_prints)
                continue;
            s = jaccard(&sets[i], &sets[j]);
            if (s >= min_score)
                printf("%d %d %.3f\n", i + 1, j + 1, s);
        }
    }
    for (i = 0; i < n; i++)
        free(sets[i].v);
    free(sets);
    free(skeleton.v);
    if (fflush(stdout) == EOF)
        die("stdout");
    return 0;
}
