/*
 * report_json.c - Gradescope's results.json, written with json-c (which does
 * the escaping). Built only when json-c is installed (libjson-c-dev).
 *
 *   {"score": 8, "max_score": 10, "execution_time": 5, "output": "**Total: ...",
 *    "output_format": "md", "test_output_format": "text", "sandbox": "...",
 *    "tests": [{"name": "01-fork-parent-child: parent_waits - ...", "score": 0,
 *               "max_score": 2, "status": "failed", "output": "...",
 *               "extra_data": {"lab": "01-fork-parent-child", "test": "parent_waits",
 *                              "hidden": false},
 *               "visibility": "visible"}, ...]}
 *
 * A hidden test's details (what was expected, the hint) are withheld from
 * this file, which students may read, unless --teacher asks for them.
 *
 * report_json_read reads such a file back (runner --from-json), so that a
 * grading kept as JSON is written in another format without grading again.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "runs.h"

#ifdef HAVE_JSON_C
#include <json.h>

static json_object *test_object(const char *lab, const char *id, const char *title, int score,
                                int max, int passed, const char *output, int hidden)
{
    json_object *t = json_object_new_object(), *extra = json_object_new_object();
    size_t size = strlen(lab) + strlen(id) + strlen(title) + 8;
    char *name = malloc(size);

    snprintf(name, size, "%s: %s - %s", lab, id, title);
    json_object_object_add(t, "name", json_object_new_string(name));
    json_object_object_add(t, "score", json_object_new_int(score));
    json_object_object_add(t, "max_score", json_object_new_int(max));
    json_object_object_add(t, "status", json_object_new_string(passed ? "passed" : "failed"));
    json_object_object_add(t, "output", json_object_new_string(output));
    /* Gradescope's place for data of one's own: the lab and test as data. */
    json_object_object_add(extra, "lab", json_object_new_string(lab));
    json_object_object_add(extra, "test", json_object_new_string(id));
    json_object_object_add(extra, "hidden", json_object_new_boolean(hidden));
    json_object_object_add(t, "extra_data", extra);
    /* Every test is visible with its points: a test whose visibility Gradescope
     * holds back would hold back the student's total too. A hidden test's
     * details are withheld in its output instead. */
    json_object_object_add(t, "visibility", json_object_new_string("visible"));
    free(name);
    return t;
}

/*
 * A failed test's output: the message, the hint, then what the programs did
 * in words (runs.h), since Gradescope shows no picture. Takes out (of size
 * bytes) and returns it, or a longer copy.
 */
static char *with_runs(char *out, size_t size, const struct result *t, const char *lab,
                       const char *traces)
{
    char *runs = traces != NULL ? runs_text(traces, lab, t->id, 3) : NULL;
    size_t need = strlen(t->message) + strlen(t->hint) + (runs != NULL ? strlen(runs) : 0) + 256;
    char *more = need > size ? realloc(out, need) : out;

    if (more == NULL) {
        free(runs);
        return out;
    }
    if (runs != NULL)
        snprintf(more, need, "%s\n%s %s\n\n%s\n%s", t->message, _("hint:"), t->hint,
                 _("What your programs did (make grade draws it as a timeline):"), runs);
    else
        snprintf(more, need, "%s\n%s %s", t->message, _("hint:"), t->hint);
    free(runs);
    return more;
}

/* What a student reads first: the score, each lab's, where to start, the sandbox. */
static char *summary(const struct report *r)
{
    const struct lab_report *lab = NULL;
    const struct result *first = report_first_failure(r, &lab);
    size_t size = 1024 + 160 * (size_t)r->n, len;
    char *text = malloc(size);
    int points, max, i;

    if (text == NULL)
        return NULL;
    report_totals(r, &points, &max);
    len = (size_t)snprintf(text, size, _("**Total: %d/%d**\n\n"), points, max);
    for (i = 0; i < r->n && len < size; i++) {
        int p, m;

        lab_totals(&r->labs[i], &p, &m);
        len += (size_t)snprintf(
            text + len, size - len, "- %s: %d/%d%s\n", r->labs[i].name, p, m,
            r->labs[i].found && !r->labs[i].built ? _(" (the programs did not compile)") : "");
    }
    if (first != NULL && len < size)
        len += (size_t)snprintf(text + len, size - len, _("\nStart with %s, test %s: %s.\n"),
                                lab->name, first->id, first->title);
    if (len < size)
        snprintf(text + len, size - len, "\n%s.\n", r->mode);
    return text;
}

int report_json(FILE *f, const struct report *r)
{
    json_object *root = json_object_new_object(), *tests = json_object_new_array();
    int i, j, points, max, ok;
    char *top = summary(r);

    report_totals(r, &points, &max);
    json_object_object_add(root, "score", json_object_new_int(points));
    json_object_object_add(root, "max_score", json_object_new_int(max));
    json_object_object_add(root, "execution_time", json_object_new_int((int)(r->seconds + 0.5)));
    json_object_object_add(root, "output", json_object_new_string(top != NULL ? top : ""));
    json_object_object_add(root, "output_format", json_object_new_string("md"));
    json_object_object_add(root, "test_output_format", json_object_new_string("text"));
    json_object_object_add(root, "sandbox", json_object_new_string(r->mode));
    free(top);
    for (i = 0; i < r->n; i++) {
        const struct lab_report *lab = &r->labs[i];

        json_object_array_add(
            tests,
            test_object(lab->name, "build", _("the programs compile"), 0, 0,
                        lab->found && lab->built,
                        lab->found ? lab->build_log : _("folder not found in the submission"), 0));
        for (j = 0; j < lab->n; j++) {
            const struct result *t = &lab->results[j];
            int passed = t->status == STATUS_PASSED;
            size_t size = strlen(t->message) + strlen(t->hint) + 256;
            char *out = malloc(size);

            if (out == NULL)
                break;
            if (passed)
                out[0] = '\0';
            else if (!lab->found)
                snprintf(out, size, "%s", _("not graded: folder not found in the submission"));
            else if (!lab->built)
                snprintf(out, size, "%s", _("not graded: the programs did not compile"));
            else if (t->hidden && !r->teacher)
                snprintf(out, size, "%s",
                         _("The details of this test are withheld: your teacher shows them "
                           "later."));
            else
                out = with_runs(out, size, t, lab->name, r->traces);
            json_object_array_add(tests, test_object(lab->name, t->id, t->title, t->points, t->max,
                                                     passed, out, t->hidden));
            free(out);
        }
    }
    json_object_object_add(root, "tests", tests);
    ok = fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY)) > 0;
    json_object_put(root);
    return ok && !ferror(f) ? 0 : -1;
}

/* The string member key of o, or "" (absent, or not a string). */
static const char *member(json_object *o, const char *key)
{
    json_object *v;

    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
        return "";
    return json_object_get_string(v);
}

/* A cleaned copy of text (text_clean), or "" if out of memory. */
static char *clean_copy(const char *text)
{
    char *copy = strdup(text);

    return copy != NULL ? text_clean(copy) : calloc(1, 1);
}

static struct lab_report *lab_named(struct report *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->labs[i].name, name) == 0)
            return &r->labs[i];
    return NULL;
}

/* One test of the JSON onto its lab's listed test (unknown ones are left out). */
static void read_test(struct report *r, json_object *t)
{
    json_object *extra, *score;
    struct lab_report *lab;
    const char *id, *output = member(t, "output");
    int passed = strcmp(member(t, "status"), "passed") == 0;

    if (!json_object_object_get_ex(t, "extra_data", &extra) ||
        (lab = lab_named(r, member(extra, "lab"))) == NULL)
        return;
    lab->found = 1;
    id = member(extra, "test");
    if (strcmp(id, "build") == 0) {
        lab->built = passed;
        free(lab->build_log);
        lab->build_log = clean_copy(output);
        return;
    }
    for (int j = 0; j < lab->n; j++) {
        struct result *res = &lab->results[j];

        if (strcmp(res->id, id) != 0)
            continue;
        res->status = passed ? STATUS_PASSED : STATUS_FAILED;
        res->points =
            json_object_object_get_ex(t, "score", &score) ? json_object_get_int(score) : 0;
        if (!passed || res->points < 0 || res->points > res->max)
            res->points = passed ? res->max : 0;
        res->message = clean_copy(output);
        res->hint = "";
    }
}

int report_json_read(const char *path, struct report *r)
{
    json_object *root = json_object_from_file(path), *tests;
    const char *mode;
    int i;

    if (root == NULL || !json_object_object_get_ex(root, "tests", &tests) ||
        !json_object_is_type(tests, json_type_array)) {
        fprintf(stderr, "grade: %s: not the grader's JSON report\n", path);
        json_object_put(root);
        return -1;
    }
    mode = member(root, "sandbox");
    if (mode[0] != '\0')
        r->mode = strdup(mode);
    for (i = 0; i < (int)json_object_array_length(tests); i++)
        read_test(r, json_object_array_get_idx(tests, (size_t)i));
    json_object_put(root);
    return 0;
}
#else
int report_json(FILE *f, const struct report *r)
{
    (void)f;
    (void)r;
    fprintf(stderr, "grade: --format json needs json-c: apt-get install -y libjson-c-dev, then "
                    "make clean all\n");
    return -1;
}

int report_json_read(const char *path, struct report *r)
{
    (void)path;
    (void)r;
    fprintf(stderr, "grade: --from-json needs json-c: apt-get install -y libjson-c-dev, then "
                    "make clean all\n");
    return -1;
}
#endif
