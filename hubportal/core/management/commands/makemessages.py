from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages without fuzzy matching: a new text is left untranslated rather than
    given the translation of a similar-looking text (which then silently shows on the page)."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
