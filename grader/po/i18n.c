/*
 * i18n.c - see i18n.h.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define DOMAIN "shmlab"

const char *i18n_language(const char *lc_all, const char *lc_messages, const char *lang, char *buf,
                          size_t size)
{
    const char *const settings[] = {lc_all, lc_messages, lang};
    const char *name = "";
    size_t i, n;

    for (i = 0; i < 3; i++)
        if (settings[i] != NULL && settings[i][0] != '\0') {
            name = settings[i];
            break;
        }
    n = strcspn(name, ".@");
    if (n >= size || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 ||
        strncmp(name, "C.", 2) == 0)
        n = 0;
    memcpy(buf, name, n);
    buf[n] = '\0';
    return buf;
}

void i18n_init(void)
{
    static const char header[] = "";
    const char *dir = getenv("SHMLAB_LOCALEDIR");
    char lang[64];

    if (setlocale(LC_MESSAGES, "") == NULL) {
        /*
         * The locale asked for is not installed. gettext would then ignore
         * it, so name its language in LANGUAGE (unless the user chose a list
         * there) under C.UTF-8, a locale glibc always has and whose name is
         * not "C" (gettext ignores LANGUAGE in the plain C locale).
         */
        i18n_language(getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"), lang, sizeof lang);
        if (lang[0] != '\0' && setlocale(LC_MESSAGES, "C.UTF-8") != NULL) {
            const char *list = getenv("LANGUAGE");

            if (list == NULL || list[0] == '\0')
                setenv("LANGUAGE", lang, 1);
        }
    }
    bindtextdomain(DOMAIN, dir != NULL && dir[0] != '\0' ? dir : SHMLAB_LOCALEDIR);
    bind_textdomain_codeset(DOMAIN, "UTF-8"); /* whatever LC_CTYPE is */
    textdomain(DOMAIN);
    /* Load the catalogue now: any lookup does (the header is the empty msgid's). */
    (void)gettext(header);
}

const char *i18n(const char *msgid)
{
    return msgid != NULL && msgid[0] != '\0' ? gettext(msgid) : msgid;
}
