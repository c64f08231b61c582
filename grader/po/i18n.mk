# i18n.mk - the grader's feedback in French (and English, the default).
#
# Included by the top-level Makefile. The catalogue grader/po/LANG.po is
# compiled into build/locale/LANG/LC_MESSAGES/shmlab.mo, which the grader
# reads at run time (grader/po/i18n.h). Without msgfmt (package gettext) the
# grader still builds, and speaks English unless the kit carries compiled
# catalogues (grader/po/LANG.mo, made by msgfmt where it is installed).
#
#   po       regenerate grader/po/shmlab.pot from the sources and every
#            suite's titles and hints, merge it into each LANG.po, and list
#            what is left to translate (grader/po/extract)

I18N_DOMAIN := shmlab
HAVE_MSGFMT := $(shell command -v msgfmt >/dev/null 2>&1 && echo 1)
# With msgfmt, every LANG.po; without, the compiled LANG.mo a packed kit may
# carry (see tools/dist), else none.
I18N_FROM := $(if $(HAVE_MSGFMT),po,mo)
I18N_LANGS := $(patsubst grader/po/%.$(I18N_FROM),%,$(wildcard grader/po/*.$(I18N_FROM)))
I18N_MO := $(foreach l,$(I18N_LANGS),$(B)/locale/$(l)/LC_MESSAGES/$(I18N_DOMAIN).mo)

# The helper (grader/po/i18n.c) is part of the grader library (the Makefile's
# LIB_SRC); it finds the catalogues in this build's locale folder.
I18N_SRC := grader/po/i18n.c
I18N_FLAGS := -DSHMLAB_LOCALEDIR='"$(abspath $(B)/locale)"'

grader: $(I18N_MO)

ifeq ($(HAVE_MSGFMT),1)
$(B)/locale/%/LC_MESSAGES/$(I18N_DOMAIN).mo: grader/po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
else
$(B)/locale/%/LC_MESSAGES/$(I18N_DOMAIN).mo: grader/po/%.mo
	@mkdir -p $(@D)
	cp $< $@
endif

.PHONY: po
po: grader
	@grader/po/extract
