"""Private file storage: files that must never be reachable by a URL of their own.

``STORAGES["private"]`` keeps its files in ``settings.PRIVATE_ROOT`` (``PH_PRIVATE_ROOT``, outside the
media and static folders), for files such as the invitation letters, which carry secret sign-up
codes. Nothing serves that folder; a view that checked the user's permissions reads the file and
streams it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files readable by the owner and its group only (the web server and the task worker).

    Without a ``location`` it follows ``settings.PRIVATE_ROOT`` (also when a test changes it), as
    Django's own file storage follows ``MEDIA_ROOT``.
    """

    def __init__(self, *args, file_permissions_mode=0o640, directory_permissions_mode=0o750, **kwargs):
        super().__init__(
            *args,
            file_permissions_mode=file_permissions_mode,
            directory_permissions_mode=directory_permissions_mode,
            **kwargs,
        )

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("Private files have no public address; serve them through a permission-checked view.")


def private_storage():
    """The configured private storage (a callable, so migrations do not record a path)."""
    return storages["private"]
