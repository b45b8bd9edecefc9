"""Storage for private files (e.g. the PDFs of call applications): outside MEDIA_ROOT, never at a public URL.

`STORAGES["private"]` names the backend (this one by default; an S3 backend with private objects may replace it).
Files are read through the storage API and served only by views that check permission.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property

PRIVATE_STORAGE_ALIAS = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (read when used, so tests may move it); they have no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks permission.")


def private_storage():
    """The private storage (a callable for FileField(storage=…), so migrations name the alias, not a class)."""
    return storages[PRIVATE_STORAGE_ALIAS]
