/*
 * report_junit.c - JUnit XML, read by CI servers (GitLab, Jenkins), written
 * with libxml2's text writer (which does the escaping). Built only when
 * libxml2 is installed (libxml2-dev). One <testsuite> per lab, with the
 * totals the common schema asks for (grader/formats/junit.xsd, the structure
 * Jenkins' xUnit plugin and Surefire read); points go in the suite's
 * <properties> and at the start of each failure's text. A failed test
 * carries its message and hint in <failure>.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#ifdef HAVE_LIBXML2
#include <libxml/xmlwriter.h>

/* Write text as element content; XML 1.0 forbids most control characters. */
static void write_clean(xmlTextWriterPtr w, const char *text)
{
    char *copy = strdup(text);

    if (copy != NULL)
        xmlTextWriterWriteString(w, BAD_CAST text_clean(copy));
    free(copy);
}

static void attribute_int(xmlTextWriterPtr w, const char *name, int value)
{
    char num[32];

    snprintf(num, sizeof num, "%d", value);
    xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST num);
}

static void property(xmlTextWriterPtr w, const char *name, const char *value)
{
    xmlTextWriterStartElement(w, BAD_CAST "property");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST value);
    xmlTextWriterEndElement(w);
}

/* Failures of a lab: the build's (if any) and its failed tests'. */
static int lab_failures(const struct lab_report *lab)
{
    int j, failures = !(lab->found && lab->built);

    for (j = 0; j < lab->n; j++)
        failures += lab->results[j].status != STATUS_PASSED;
    return failures;
}

static int write_suite(xmlTextWriterPtr w, const struct report *r, const struct lab_report *lab)
{
    char name[160], value[64];
    int j, points, max;

    lab_totals(lab, &points, &max);
    xmlTextWriterStartElement(w, BAD_CAST "testsuite");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST lab->name);
    attribute_int(w, "tests", lab->n + 1);
    attribute_int(w, "failures", lab_failures(lab));
    attribute_int(w, "errors", 0);
    attribute_int(w, "skipped", 0);
    xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST "0");
    /* Points: JUnit has no place for them but properties (and the texts). */
    xmlTextWriterStartElement(w, BAD_CAST "properties");
    snprintf(value, sizeof value, "%d/%d", points, max);
    property(w, "points", value);
    for (j = 0; j < lab->n; j++) {
        snprintf(name, sizeof name, "points.%s", lab->results[j].id);
        snprintf(value, sizeof value, "%d/%d", lab->results[j].points, lab->results[j].max);
        property(w, name, value);
    }
    property(w, "sandbox", r->mode);
    xmlTextWriterEndElement(w);

    xmlTextWriterStartElement(w, BAD_CAST "testcase");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "build");
    xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST lab->name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST "0");
    if (!lab->found) {
        xmlTextWriterStartElement(w, BAD_CAST "failure");
        xmlTextWriterWriteAttribute(w, BAD_CAST "message",
                                    BAD_CAST _("folder not found in the submission"));
        xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "missing");
        write_clean(w, _("folder not found in the submission"));
        xmlTextWriterEndElement(w);
    } else if (!lab->built) {
        xmlTextWriterStartElement(w, BAD_CAST "failure");
        xmlTextWriterWriteAttribute(w, BAD_CAST "message",
                                    BAD_CAST _("the programs did not compile"));
        xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "build");
        write_clean(w, lab->build_log);
        xmlTextWriterEndElement(w);
    } else if (lab->build_log[0] != '\0') {
        xmlTextWriterStartElement(w, BAD_CAST "system-out");
        write_clean(w, lab->build_log);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);

    for (j = 0; j < lab->n; j++) {
        const struct result *t = &lab->results[j];

        xmlTextWriterStartElement(w, BAD_CAST "testcase");
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST t->id);
        xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST lab->name);
        xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST "0");
        if (t->status != STATUS_PASSED) {
            char points_text[96];

            xmlTextWriterStartElement(w, BAD_CAST "failure");
            xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST t->title);
            xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "test");
            /* TRANSLATORS: at the start of a failed test's text in JUnit XML. */
            snprintf(points_text, sizeof points_text, _("%d/%d points\n"), t->points, t->max);
            xmlTextWriterWriteString(w, BAD_CAST points_text);
            if (!t->hidden || r->teacher) {
                write_clean(w, t->message);
                xmlTextWriterWriteString(w, BAD_CAST "\n");
                xmlTextWriterWriteString(w, BAD_CAST _("hint:"));
                xmlTextWriterWriteString(w, BAD_CAST " ");
                write_clean(w, t->hint);
            } else {
                write_clean(w, _("The details of this test are withheld: your teacher shows "
                                 "them later."));
            }
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    return xmlTextWriterEndElement(w);
}

int report_junit(FILE *f, const struct report *r)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    int i, ok = w != NULL, tests = 0, failures = 0;
    char num[32];

    for (i = 0; i < r->n; i++) {
        tests += r->labs[i].n + 1;
        failures += lab_failures(&r->labs[i]);
    }
    if (ok) {
        xmlTextWriterSetIndent(w, 1);
        xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
        xmlTextWriterStartElement(w, BAD_CAST "testsuites");
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "shmlab");
        attribute_int(w, "tests", tests);
        attribute_int(w, "failures", failures);
        attribute_int(w, "errors", 0);
        snprintf(num, sizeof num, "%.3f", r->seconds);
        xmlTextWriterWriteAttribute(w, BAD_CAST "time", BAD_CAST num);
        for (i = 0; i < r->n; i++)
            ok = ok && write_suite(w, r, &r->labs[i]) >= 0;
        ok = ok && xmlTextWriterEndDocument(w) >= 0;
        xmlFreeTextWriter(w);
    }
    ok = ok && fputs((const char *)xmlBufferContent(buf), f) != EOF;
    xmlBufferFree(buf);
    return ok && !ferror(f) ? 0 : -1;
}
#else
int report_junit(FILE *f, const struct report *r)
{
    (void)f;
    (void)r;
    fprintf(stderr, "grade: --format junit needs libxml2: apt-get install -y libxml2-dev, then "
                    "make clean all\n");
    return -1;
}
#endif
