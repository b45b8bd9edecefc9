"""A deployment guard: private files must not lie where the web server or Django serve public files."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def private_media_outside_public_folders(app_configs=None, **kwargs):
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if not public:
            continue
        public = Path(public).resolve()
        if private == public or public in private.parents or private in public.parents:
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}), which is served publicly.",
                    hint="Store private files (application PDFs) in a folder of their own.",
                    id="calls.E001",
                )
            )
    return errors
