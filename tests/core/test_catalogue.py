"""The German catalogue: complete, nothing fuzzy, and every translation keeps the placeholders."""

import re

import polib
import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def test_every_text_is_translated_and_nothing_is_fuzzy(catalogue):
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_translations_keep_the_placeholders_of_the_english_text(catalogue):
    wrong = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            # a singular form may write the number as a word ("ein Platz"), the plural must keep it
            forms = [(entry.msgid_plural, entry.msgstr_plural[max(entry.msgstr_plural)])]
        else:
            forms = [(entry.msgid, entry.msgstr)]
        for source, translation in forms:
            if placeholders(source) != placeholders(translation):
                wrong.append((source, translation))
    assert wrong == []
