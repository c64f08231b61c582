/*
 * report_junit.c - JUnit XML, read by CI servers (GitLab, Jenkins), written
 * with libxml2's text writer (which does the escaping). Built only when
 * libxml2 is installed (libxml2-dev). One <testsuite> per lab; a failed test
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

static int write_suite(xmlTextWriterPtr w, const struct lab_report *lab)
{
    int j, failures = 0;
    char num[32];

    for (j = 0; j < lab->n; j++)
        failures += lab->results[j].status != STATUS_PASSED;
    xmlTextWriterStartElement(w, BAD_CAST "testsuite");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST lab->name);
    snprintf(num, sizeof num, "%d", lab->n + 1);
    xmlTextWriterWriteAttribute(w, BAD_CAST "tests", BAD_CAST num);
    snprintf(num, sizeof num, "%d", failures + !(lab->found && lab->built));
    xmlTextWriterWriteAttribute(w, BAD_CAST "failures", BAD_CAST num);

    xmlTextWriterStartElement(w, BAD_CAST "testcase");
    xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST lab->name);
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "build");
    if (!(lab->found && lab->built)) {
        xmlTextWriterStartElement(w, BAD_CAST "failure");
        xmlTextWriterWriteAttribute(w, BAD_CAST "message",
                                    BAD_CAST _("the programs did not compile"));
        write_clean(w, lab->found ? lab->build_log : _("folder not found in the submission"));
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
        xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST lab->name);
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST t->id);
        snprintf(num, sizeof num, "%d/%d", t->points, t->max);
        xmlTextWriterWriteAttribute(w, BAD_CAST "points", BAD_CAST num);
        if (t->status != STATUS_PASSED) {
            xmlTextWriterStartElement(w, BAD_CAST "failure");
            xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST t->title);
            if (!t->hidden) {
                write_clean(w, t->message);
                xmlTextWriterWriteString(w, BAD_CAST "\n");
                xmlTextWriterWriteString(w, BAD_CAST _("hint:"));
                xmlTextWriterWriteString(w, BAD_CAST " ");
                write_clean(w, t->hint);
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
    int i, ok = w != NULL;

    if (ok) {
        xmlTextWriterSetIndent(w, 1);
        xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
        xmlTextWriterStartElement(w, BAD_CAST "testsuites");
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "shmlab");
        for (i = 0; i < r->n; i++)
            ok = ok && write_suite(w, &r->labs[i]) >= 0;
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
