/*
 * unit.c - unit tests of the grader's own parts: the results file, the
 * points arithmetic, the number finder, and the report writers.
 *
 * Prints one line per test (print_results.h) for the self-test to count,
 * and exits non-zero if any failed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../grader/report/report.h"
#include "print_results.h"
#include "suite.h"

#ifdef HAVE_JSON_C
#include <json.h>
#endif
#ifdef HAVE_LIBXML2
#include <libxml/parser.h>
#endif

/* A message with every character that could break a format. */
static const char *const nasty = "line one\nline \"two\"\t\\ # not a directive\n"
                                 "test 01-x y 9 9 1 0\nmessage 3\n<tag attr='v'>&amp;</tag> "
                                 "\x01\x1f é « » ≤";

static struct result sample(int passed, const char *message)
{
    struct result r;

    memset(&r, 0, sizeof r);
    r.lab = "01-fork-parent-child";
    r.id = "parent_waits";
    r.title = "the parent waits";
    r.hint = "use waitpid # see notes";
    r.message = message;
    r.max = 2;
    r.points = passed ? 2 : 0;
    r.status = passed ? STATUS_PASSED : STATUS_FAILED;
    return r;
}

/* The text writer, with colour off, shaped like the others. */
static int plain_text(FILE *f, const struct report *r)
{
    return report_text(f, r, 0);
}

/* Write a report with one lab and the given results into a new string. */
static char *render(int (*writer)(FILE *, const struct report *), struct result *results, int n,
                    int built)
{
    struct lab_report lab = {"01-fork-parent-child", 1, built, "warning: unused x", results, n};
    struct report rep = {.labs = &lab, .n = 1, .mode = "namespaces (root)"};
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(writer(f, &rep), 0);
    fclose(f);
    return text;
}

START_TEST(results_round_trip)
{
    struct result in = sample(0, nasty), out;
    char *text = NULL, *cleaned;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    ck_assert_int_eq(result_write(f, &in), 0);
    in.hidden = 1;
    in.message = "";
    ck_assert_int_eq(result_write(f, &in), 0);
    fclose(f);
    f = fmemopen(text, size, "r");
    ck_assert_int_eq(result_read(f, &out), 1);
    cleaned = text_clean(strdup(nasty));
    ck_assert_str_eq(out.message, cleaned); /* the same text, control characters made '?' */
    free(cleaned);
    ck_assert_str_eq(out.hint, in.hint);
    ck_assert_int_eq(out.status, STATUS_FAILED);
    ck_assert_int_eq(out.hidden, 0);
    result_free(&out);
    ck_assert_int_eq(result_read(f, &out), 1);
    ck_assert_str_eq(out.message, "");
    ck_assert_int_eq(out.hidden, 1);
    result_free(&out);
    ck_assert_int_eq(result_read(f, &out), 0);
    fclose(f);
    free(text);
}
END_TEST

START_TEST(results_malformed)
{
    static const char *const bad[] = {
        "test a b 1 2 1\n",                                     /* a field missing */
        "test a b 1 2 7 0\ntitle 0\n\nhint 0\n\nmessage 0\n\n", /* unknown status */
        "test a b 1 2 1 0\ntitle 99\nshort\n",                  /* length beyond the end */
        "test a b 1 2 1 0\nhint 0\n\ntitle 0\n\nmessage 0\n\n", /* fields out of order */
    };
    struct result r;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");

        ck_assert_msg(result_read(f, &r) == -1, "record %zu should be rejected", i);
        fclose(f);
    }
}
END_TEST

START_TEST(clean_text)
{
    char text[] = "ok \x01\x1b[31m é\xff\xc3 « »\n\tend";

    ck_assert_str_eq(text_clean(text), "ok ??[31m é?? « »\n\tend");
}
END_TEST

START_TEST(points_totals)
{
    struct result r[3] = {sample(1, ""), sample(0, "x"), sample(1, "")};
    struct lab_report labs[2] = {{"a", 1, 1, "", r, 3}, {"b", 1, 1, "", r, 1}};
    struct report rep = {.labs = labs, .n = 2, .mode = ""};
    int p, m;

    r[2].max = r[2].points = 5;
    result_totals(r, 3, &p, &m);
    ck_assert_msg(p == 7 && m == 9, "expected 7/9, got %d/%d", p, m);
    report_totals(&rep, &p, &m);
    ck_assert_msg(p == 9 && m == 11, "expected 9/11 over two labs, got %d/%d", p, m);
    result_totals(r, 0, &p, &m);
    ck_assert_msg(p == 0 && m == 0, "expected 0/0 for no test, got %d/%d", p, m);
}
END_TEST

START_TEST(integers_found)
{
    long v[16];
    int n = find_integers("parent: the child left 42, -7 (pid 1234) 0x2a id42 4.5", v, 16);

    ck_assert_int_eq(n, 5);
    ck_assert(v[0] == 42 && v[1] == -7 && v[2] == 1234 && v[3] == 4 && v[4] == 5);
    ck_assert(has_integer("Père : le fils a écrit 1664\n", 1664));
    ck_assert(!has_integer("value 16640", 1664));
    ck_assert(!has_integer("x1664", 1664));
    ck_assert(!has_integer("", 0));
}
END_TEST

START_TEST(text_report)
{
    struct result r[2] = {sample(1, ""), sample(0, nasty)};
    char *text = render(plain_text, r, 2, 1);

    ck_assert_ptr_nonnull(strstr(text, "PASS  2/2  parent_waits"));
    ck_assert_ptr_nonnull(strstr(text, "FAIL  0/2  parent_waits"));
    ck_assert_ptr_nonnull(strstr(text, "        hint: use waitpid"));
    ck_assert_ptr_nonnull(strstr(text, "        line \"two\""));
    ck_assert_ptr_nonnull(strstr(text, "total 2/4"));
    ck_assert_ptr_nonnull(strstr(text, "overall 2/4"));
    ck_assert_msg(strchr(text, '\033') == NULL, "no colour codes expected without a terminal");
    ck_assert_msg(strstr(text, "next:") == NULL,
                  "a lab with points is started: no 'next:' line expected, got:\n%s", text);
    free(text);
}
END_TEST

/* A lab that scores 0 (a fresh skeleton) tells the student where to begin. */
START_TEST(text_report_not_started)
{
    struct result r[2] = {sample(0, "nothing printed"), sample(0, "nothing printed")};
    char *text = render(plain_text, r, 2, 1);

    ck_assert_msg(strstr(text, "next: follow the handout of 01-fork-parent-child") != NULL,
                  "expected a 'next:' line naming the lab's handout, got:\n%s", text);
    free(text);
}
END_TEST

START_TEST(text_report_hidden)
{
    struct result r = sample(0, "the secret input was 42");
    char *text;

    r.hidden = 1;
    text = render(plain_text, &r, 1, 1);
    ck_assert_msg(strstr(text, "secret") == NULL, "a hidden test's message must not be shown");
    free(text);
}
END_TEST

/* Every format a student may read withholds a hidden test's details. */
START_TEST(hidden_withheld_everywhere)
{
    int (*writers[])(FILE *, const struct report *) = {
        report_tap,
#ifdef HAVE_JSON_C
        report_json,
#endif
#ifdef HAVE_LIBXML2
        report_junit,
#endif
    };
    struct result r = sample(0, "the secret input was 42");
    size_t i;

    r.hidden = 1;
    r.hint = "the secret hint";
    for (i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        char *text = render(writers[i], &r, 1, 1);

        ck_assert_msg(strstr(text, "secret") == NULL,
                      "writer %zu: expected a hidden test's message and hint withheld; saw:\n%s", i,
                      text);
        ck_assert_msg(strstr(text, "withheld") != NULL,
                      "writer %zu: expected a word that the details are withheld; saw:\n%s", i,
                      text);
        free(text);
    }
}
END_TEST

START_TEST(tap_report)
{
    struct result r[2] = {sample(1, ""), sample(0, nasty)};
    char *text = render(report_tap, r, 2, 1), *line;
    int tests = 0;

    ck_assert_ptr_nonnull(strstr(text, "TAP version 13\n1..3\n"));
    ck_assert_ptr_nonnull(strstr(text, "ok 1 - 01-fork-parent-child: build\n"));
    ck_assert_ptr_nonnull(strstr(text, "not ok 3 - 01-fork-parent-child: parent_waits - "));
    /* Points as data, in each test's YAML block. */
    ck_assert_msg(strstr(text, "  ---\n    points: 0\n    max_points: 2\n") != NULL,
                  "expected the points in the YAML block of the failed test:\n%s", text);
    for (line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strncmp(line, "ok ", 3) == 0 || strncmp(line, "not ok ", 7) == 0) {
            tests++;
            /* The first '#' must be the points directive: none in a description. */
            ck_assert_msg(strchr(line, '#') == strstr(line, "# points "),
                          "a '#' in a description: %s", line);
        } else if (line[0] != ' ' && line[0] != '#' && strncmp(line, "TAP", 3) &&
                   strncmp(line, "1..", 3)) {
            ck_abort_msg("a line that is not TAP: %s", line);
        }
    }
    ck_assert_int_eq(tests, 3);
    free(text);
}
END_TEST

#ifdef HAVE_JSON_C
START_TEST(json_report)
{
    struct result r[2] = {sample(1, ""), sample(0, nasty)};
    char *text = render(report_json, r, 2, 1);
    json_object *root = json_tokener_parse(text), *tests, *t, *v;

    ck_assert_msg(root != NULL, "not valid JSON:\n%s", text);
    ck_assert(json_object_object_get_ex(root, "score", &v) && json_object_get_int(v) == 2);
    ck_assert(json_object_object_get_ex(root, "max_score", &v) && json_object_get_int(v) == 4);
    ck_assert(json_object_object_get_ex(root, "tests", &tests));
    ck_assert_int_eq((int)json_object_array_length(tests), 3);
    t = json_object_array_get_idx(tests, 2);
    ck_assert(json_object_object_get_ex(t, "name", &v));
    ck_assert_str_eq(json_object_get_string(v),
                     "01-fork-parent-child: parent_waits - the parent waits");
    ck_assert(json_object_object_get_ex(t, "status", &v));
    ck_assert_str_eq(json_object_get_string(v), "failed");
    ck_assert(json_object_object_get_ex(t, "output", &v));
    ck_assert_msg(strncmp(json_object_get_string(v), nasty, strlen(nasty)) == 0,
                  "the message must survive escaping unchanged");
    json_object_put(root);
    free(text);
}
END_TEST
#endif

#ifdef HAVE_LIBXML2
START_TEST(junit_report)
{
    struct result r[2] = {sample(1, ""), sample(0, nasty)};
    char *text = render(report_junit, r, 2, 0);
    xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "junit.xml", NULL, XML_PARSE_NONET);

    ck_assert_msg(doc != NULL, "not well-formed XML:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, "&lt;tag attr='v'&gt;&amp;amp;&lt;/tag&gt;"));
    ck_assert_ptr_nonnull(strstr(text, "failures=\"2\""));
    ck_assert_msg(strstr(text, "&lt;/tag&gt; ?? é « » ≤") != NULL,
                  "control characters should become '?', UTF-8 kept");
    xmlFreeDoc(doc);
    free(text);
}
END_TEST
#endif

/* md_text or md_block into a new string. */
static char *md(const char *text, int block)
{
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(block ? md_block(f, "  ", text) : md_text(f, text), 0);
    fclose(f);
    return out;
}

/* Strings a student may choose as a name, or make a program print. */
static const char *const hostile[] = {
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ `code` [link](http://x) ![pic](y) | a | b | ~~gone~~ # h $x^2$ &amp; \\",
    "line\nbreak\r\x01\x1b[31m\x7f\tend \xff\xc3(",
    "```\nnot code\n```",
    "````````\n~~~\n</pre><script>alert(1)</script>",
    "`` `a` ``````````````````````````````````````````` x", /* 45 backticks in a run */
    "- a list?\n1. or this\n> a quote\n    code\n=====\n",
    "",
};

/* md_text: every character Markdown gives a meaning comes escaped, nothing
 * breaks the line, and unescaping gives the text back (control characters
 * aside). */
START_TEST(markdown_text_escaped)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        /* What it shows: control characters and bytes not UTF-8 as '?'
         * (text_clean), and a line break, a tab or DEL as a space. */
        char *out = md(hostile[i], 0), *p, *shows = text_clean(strdup(hostile[i]));
        size_t k = 0;

        for (p = shows; *p != '\0'; p++)
            if (*p == '\n' || *p == '\t' || *p == 0x7f)
                *p = ' ';
        for (p = out; *p != '\0'; p++, k++) {
            ck_assert_msg(*p != '\n' && *p != '\r', "a line break in: %s", out);
            if (strchr("\\`*_[]<>&|~#!$", *p) != NULL) {
                ck_assert_msg(*p == '\\' && p[1] != '\0' && strchr("\\`*_[]<>&|~#!$", p[1]),
                              "string %zu: '%c' not escaped in: %s", i, *p, out);
                p++;
            }
            ck_assert_msg(*p == shows[k], "string %zu: unescaping does not give the text back: %s",
                          i, out);
        }
        ck_assert_msg(shows[k] == '\0', "string %zu cut short: %s", i, out);
        free(shows);
        free(out);
    }
}
END_TEST

/* md_block: a fence longer than any run of backticks inside, every line
 * indented, nothing inside that closes it, control characters as '?' (a
 * tab aside: it shows as itself in a code block). */
START_TEST(markdown_block_fenced)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        char *out = md(hostile[i], 1), *line, *save = NULL, *last = NULL;
        size_t fence = strspn(out + 2, "`"), longest = 0, run = 0, lines = 0;

        for (const char *p = hostile[i]; *p != '\0'; p++) {
            run = *p == '`' ? run + 1 : 0;
            longest = run > longest ? run : longest;
        }
        ck_assert_msg(fence >= 3 && fence > longest, "string %zu: a fence of %zu for a run of %zu",
                      i, fence, longest);
        ck_assert_msg(strncmp(out + 2 + fence, "text\n", 5) == 0, "no info string: %s", out);
        for (const char *p = out; *p != '\0'; p++)
            ck_assert_msg((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t',
                          "string %zu: control character %#x in the block", i, *p);
        for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
            ck_assert_msg(strncmp(line, "  ", 2) == 0, "a line not indented: %s", line);
            /* Only the first and last lines may be a fence that long. */
            if (lines > 0 && last != NULL)
                ck_assert_msg(strspn(last + 2, "`") < fence || strspn(last + 2, " ") > 0,
                              "string %zu: a line inside closes the fence: %s", i, last);
            last = lines > 0 ? line : NULL;
            lines++;
        }
        ck_assert_msg(last != NULL && strspn(last + 2, "`") == fence && last[2 + fence] == '\0',
                      "string %zu: the block does not end with its fence", i);
        free(out);
    }
}
END_TEST

/* A report with the class's words in a file: render it, written with report_markdown. */
static char *render_md(struct result *results, int n, int teacher, const char *student)
{
    struct result listed = sample(0, ""); /* a lab not handed in: its tests, as listed */
    struct lab_report labs[2] = {{"01-fork-parent-child", 1, 1, "warning: unused x", results, n},
                                 {"02-ftok-producer-consumer", 0, 0, "", &listed, 1}};
    struct report rep = {.labs = labs, .n = 2, .mode = "namespaces (root)", .teacher = teacher};
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    rep.student = student;
    rep.notes = "kept 3 files\n- [x](y) <b>";
    rep.version = "v1";
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(report_markdown(f, &rep), 0);
    fclose(f);
    return text;
}

START_TEST(markdown_report)
{
    struct result r[3] = {sample(1, ""), sample(0, "saw ```` and <b>\x01</b>"),
                          sample(0, "secret")};
    char *text;

    r[2].id = "hidden_one";
    r[2].hidden = 1;
    r[2].hint = "secret hint";
    text = render_md(r, 3, 0, "<img src=x> **me**");
    ck_assert_msg(strncmp(text, "# Feedback: \\<img src=x\\> \\*\\*me\\*\\*\n", 37) == 0,
                  "the title is the escaped name:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, "Total: **2 / 8** (the labs handed in: 2 / 6)"));
    ck_assert_ptr_nonnull(strstr(text, "| 01-fork-parent-child | 2 / 6 |"));
    ck_assert_ptr_nonnull(strstr(text, "| 02-ftok-producer-consumer | not handed in (0 / 2) |"));
    ck_assert_ptr_nonnull(strstr(text, "- - \\[x\\](y) \\<b\\>\n"));
    ck_assert_ptr_nonnull(strstr(text, "- **PASS** 2/2 `parent_waits`: the parent waits\n"));
    ck_assert_ptr_nonnull(strstr(text, "- **FAIL** 0/2 `parent_waits`: the parent waits\n"));
    ck_assert_msg(strstr(text, "  `````text\n  saw ```` and <b>?</b>\n  hint: use waitpid # see "
                               "notes\n  `````\n") != NULL,
                  "the message and hint fenced, in more backticks:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, "`hidden_one`: the parent waits (hidden test)\n"));
    ck_assert_ptr_nonnull(strstr(text, "Its details are shown after grading."));
    ck_assert_msg(strstr(text, "secret") == NULL, "a hidden test's details in:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, "\n  warning: unused x\n"));
    ck_assert_ptr_nonnull(strstr(text, "grader version v1."));
    ck_assert_msg(strstr(text, "## 02-") == NULL, "a lab not handed in has no section");
    free(text);
    text = render_md(r, 3, 1, NULL);
    ck_assert_ptr_nonnull(strstr(text, "# Feedback\n"));
    ck_assert_ptr_nonnull(strstr(text, "_The teacher's copy: hidden tests show their details._"));
    ck_assert_msg(strstr(text, "  secret\n  hint: secret hint\n") != NULL,
                  "the teacher's copy shows a hidden test's details:\n%s", text);
    free(text);
}
END_TEST

/* Which language a locale setting names (the fallback when it is not installed). */
START_TEST(language_named)
{
    char buf[16], tiny[4];

    ck_assert_str_eq(i18n_language("fr_FR.UTF-8", NULL, NULL, buf, sizeof buf), "fr_FR");
    ck_assert_str_eq(i18n_language(NULL, "", "fr_CA.utf8@x", buf, sizeof buf), "fr_CA");
    ck_assert_str_eq(i18n_language("", "de_DE", "fr_FR", buf, sizeof buf), "de_DE");
    ck_assert_str_eq(i18n_language(NULL, NULL, "fr", buf, sizeof buf), "fr");
    ck_assert_str_eq(i18n_language("C", NULL, "fr_FR.UTF-8", buf, sizeof buf), "");
    ck_assert_str_eq(i18n_language(NULL, "POSIX", "fr_FR", buf, sizeof buf), "");
    ck_assert_str_eq(i18n_language("C.UTF-8", NULL, NULL, buf, sizeof buf), "");
    ck_assert_str_eq(i18n_language(NULL, NULL, NULL, buf, sizeof buf), "");
    ck_assert_str_eq(i18n_language("a_very_long_name", NULL, NULL, tiny, sizeof tiny), "");
}
END_TEST

/* Set the locale variables (NULL: unset), then choose the language. */
static void locale_env(const char *lc_all, const char *lang, const char *language)
{
    const char *names[] = {"LC_ALL", "LANG", "LANGUAGE"}, *values[] = {lc_all, lang, language};

    unsetenv("LC_MESSAGES");
    for (int i = 0; i < 3; i++)
        if (values[i] != NULL)
            setenv(names[i], values[i], 1);
        else
            unsetenv(names[i]);
    i18n_init();
}

/* The French catalogue (make grader builds it when msgfmt is installed). */
static int have_french(void)
{
    return access(SHMLAB_LOCALEDIR "/fr/LC_MESSAGES/shmlab.mo", R_OK) == 0;
}

START_TEST(english_by_default)
{
    locale_env(NULL, NULL, NULL);
    ck_assert_str_eq(_("hint:"), "hint:");
    locale_env(NULL, "C", "fr"); /* gettext ignores LANGUAGE in the C locale */
    ck_assert_str_eq(_("hint:"), "hint:");
    locale_env("C", "fr_FR.UTF-8", NULL); /* LC_ALL wins */
    ck_assert_str_eq(_("hint:"), "hint:");
}
END_TEST

START_TEST(french_locale)
{
    if (!have_french())
        return;
    /* fr_FR.UTF-8 may not be installed (a minimal Debian has only C.UTF-8): French all the same. */
    locale_env(NULL, "fr_FR.UTF-8", NULL);
    ck_assert_str_ne(_("hint:"), "hint:");
    ck_assert_str_ne(i18n("the parent waits for its child before reading"),
                     "the parent waits for its child before reading");
    /* The empty string stays empty: gettext("") would give the catalogue's header. */
    ck_assert_str_eq(i18n(""), "");
    ck_assert_ptr_null(i18n(NULL));
}
END_TEST

START_TEST(french_numbers_unchanged)
{
    char buf[32];

    locale_env(NULL, "fr_FR.UTF-8", NULL);
    /* Only messages change: suites read and write numbers with a '.'. */
    snprintf(buf, sizeof buf, "%.3f", 31.874);
    ck_assert_str_eq(buf, "31.874");
    ck_assert(strtod("31.874", NULL) == 31.874);
}
END_TEST

START_TEST(text_report_french)
{
    struct result r[2] = {sample(1, ""), sample(0, "expected 4, saw 5")};
    char *text, hint[64];

    if (!have_french())
        return;
    locale_env(NULL, "fr_FR.UTF-8", NULL);
    text = render(plain_text, r, 2, 1);
    snprintf(hint, sizeof hint, "        %s use waitpid", _("hint:"));
    ck_assert_msg(strstr(text, hint) != NULL, "no French hint line in:\n%s", text);
    ck_assert_msg(strstr(text, "hint:") == NULL, "an English word in:\n%s", text);
    /* PASS and FAIL stay, for scripts; the points too. */
    ck_assert_ptr_nonnull(strstr(text, "PASS  2/2  parent_waits"));
    ck_assert_ptr_nonnull(strstr(text, "FAIL  0/2  parent_waits"));
    ck_assert_ptr_nonnull(strstr(text, "2/4"));
    free(text);
}
END_TEST

/* The Markdown feedback in French: its words, with French typography. */
START_TEST(markdown_report_french)
{
    struct result r[2] = {sample(1, ""), sample(0, "expected 4, saw 5")};
    char *text;

    if (!have_french())
        return;
    locale_env(NULL, "fr_FR.UTF-8", NULL);
    r[1].hidden = 1;
    text = render_md(r, 2, 0, "Zoé");
    ck_assert_msg(strstr(text, "# Retour\u00a0: Zoé\n") != NULL, "no French title in:\n%s", text);
    ck_assert_msg(strstr(text, "Total\u00a0: **2 / 6** (les TP rendus\u00a0: 2 / 4)") != NULL,
                  "no French total in:\n%s", text);
    ck_assert_ptr_nonnull(strstr(text, "| TP | points |"));
    ck_assert_ptr_nonnull(strstr(text, "non rendu (0 / 2)"));
    ck_assert_ptr_nonnull(strstr(text, "(test caché)"));
    ck_assert_ptr_nonnull(strstr(text, "Ses détails sont montrés après la correction."));
    ck_assert_ptr_nonnull(strstr(text, "À propos de votre rendu\u00a0:"));
    ck_assert_ptr_nonnull(strstr(text, "Corrigé par shmlab"));
    ck_assert_msg(strstr(text, "Total:") == NULL && strstr(text, "hidden test") == NULL &&
                      strstr(text, "Feedback") == NULL,
                  "an English word in:\n%s", text);
    free(text);
}
END_TEST

static const TTest *const *const tests[] = {
    &results_round_trip,
    &results_malformed,
    &clean_text,
    &points_totals,
    &integers_found,
    &text_report,
    &text_report_hidden,
    &hidden_withheld_everywhere,
    &tap_report,
    &language_named,
    &english_by_default,
    &french_locale,
    &french_numbers_unchanged,
    &text_report_french,
    &text_report_not_started,
    &markdown_text_escaped,
    &markdown_block_fenced,
    &markdown_report,
    &markdown_report_french,
#ifdef HAVE_JSON_C
    &json_report,
#endif
#ifdef HAVE_LIBXML2
    &junit_report,
#endif
};

int main(void)
{
    Suite *s = suite_create("grader");
    SRunner *sr;
    size_t i;
    int failed;

    /* One test case per test, so that each result carries the test's name. */
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        TCase *tc = tcase_create((*tests[i])->name);

        tcase_add_test(tc, *tests[i]);
        suite_add_tcase(s, tc);
    }
    sr = srunner_create(s);
    srunner_run_all(sr, CK_SILENT);
    failed = print_results(sr, (int)(sizeof tests / sizeof tests[0]));
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
