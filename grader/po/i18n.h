/*
 * i18n.h - the grader's feedback in the user's language (gettext).
 *
 * The grader's strings are English msgids marked _("...") where they are
 * used, or N_("...") in a table translated later; grader/po/extract gathers
 * them, with every suite's test titles and hints, into grader/po/shmlab.pot.
 * Translations live in grader/po/LANG.po and are compiled into
 * build/locale/LANG/LC_MESSAGES/shmlab.mo (grader/po/i18n.mk). Without a catalogue,
 * or in the C locale, every string stays English.
 *
 * Only LC_MESSAGES changes: numbers keep the C locale's form, so a suite's
 * strtod() still reads "3.5" and printf() still writes it.
 */
#ifndef SHMLAB_I18N_H
#define SHMLAB_I18N_H

#include <stddef.h>
#include <libintl.h>

/* The catalogues' folder, build/locale: set by grader/po/i18n.mk; the variable
 * SHMLAB_LOCALEDIR overrides it at run time. */
#ifndef SHMLAB_LOCALEDIR
#define SHMLAB_LOCALEDIR "build/locale"
#endif

#define _(msgid)  gettext(msgid)
#define N_(msgid) msgid

/*
 * i18n_init - choose the language from LC_ALL, LC_MESSAGES, LANG (and
 * LANGUAGE), like any program; when that locale is not installed (a minimal
 * Debian has only C.UTF-8), still follow the language it names. Then load
 * the catalogue at once, so that it stays usable after the kit's folder is
 * hidden (sandbox.c). Call it first thing in main().
 */
void i18n_init(void);

/*
 * i18n_language - the language named by a locale setting, in buf: the first
 * non-empty of lc_all, lc_messages, lang, without codeset or modifier
 * ("fr_FR.UTF-8" gives "fr_FR"). "" for C, POSIX or nothing set.
 */
const char *i18n_language(const char *lc_all, const char *lc_messages, const char *lang, char *buf,
                          size_t size);

/* Translate a string that is not a literal (a test's title or hint); "" stays "". */
const char *i18n(const char *msgid);

#endif
