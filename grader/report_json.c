/*
 * report_json.c - Gradescope's results.json, written with json-c (which does
 * the escaping). Built only when json-c is installed (libjson-c-dev).
 *
 *   {"score": 8, "max_score": 10, "output": "...",
 *    "tests": [{"name": "01-fork-parent-child: parent_waits - ...", "score": 0,
 *               "max_score": 2, "status": "failed", "output": "...",
 *               "visibility": "visible"}, ...]}
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

#ifdef HAVE_JSON_C
#include <json.h>

static json_object *test_object(const char *lab, const char *id, const char *title, int score,
                                int max, int passed, const char *output, int hidden)
{
    json_object *t = json_object_new_object();
    size_t size = strlen(lab) + strlen(id) + strlen(title) + 8;
    char *name = malloc(size);

    snprintf(name, size, "%s: %s - %s", lab, id, title);
    json_object_object_add(t, "name", json_object_new_string(name));
    json_object_object_add(t, "score", json_object_new_int(score));
    json_object_object_add(t, "max_score", json_object_new_int(max));
    json_object_object_add(t, "status", json_object_new_string(passed ? "passed" : "failed"));
    json_object_object_add(t, "output", json_object_new_string(output));
    json_object_object_add(t, "visibility",
                           json_object_new_string(hidden ? "after_published" : "visible"));
    free(name);
    return t;
}

int report_json(FILE *f, const struct report *r)
{
    json_object *root = json_object_new_object(), *tests = json_object_new_array();
    int i, j, points, max, ok;
    char mode[128];

    report_totals(r, &points, &max);
    json_object_object_add(root, "score", json_object_new_int(points));
    json_object_object_add(root, "max_score", json_object_new_int(max));
    snprintf(mode, sizeof mode, _("Programs ran isolated: %s."), r->mode);
    json_object_object_add(root, "output", json_object_new_string(mode));
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
            size_t size = strlen(t->message) + strlen(t->hint) + 128;
            char *out = malloc(size);

            if (passed)
                out[0] = '\0';
            else if (!lab->built)
                snprintf(out, size, "%s", _("not graded: the programs did not compile"));
            else
                snprintf(out, size, "%s\n%s %s", t->message, _("hint:"), t->hint);
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
#else
int report_json(FILE *f, const struct report *r)
{
    (void)f;
    (void)r;
    fprintf(stderr, "grade: --format json needs json-c: apt-get install -y libjson-c-dev, then "
                    "make clean all\n");
    return -1;
}
#endif
