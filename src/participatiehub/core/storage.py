"""Private file storage: files that must never be reachable by a URL of their own.

``STORAGES["private"]`` keeps its files in ``settings.PRIVATE_ROOT`` (``PH_PRIVATE_ROOT``, outside the
media and static folders), for files such as the invitation letters, which carry secret sign-up
codes. Nothing serves that folder; a view that checked the user's permissions answers with
``private_file_response()``: the app streams the file, or (``PH_PRIVATE_SENDFILE``) tells the web server
in front of it to send it (nginx ``X-Accel-Redirect`` to an internal location, Apache ``X-Sendfile``).
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, HttpResponse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header


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


def private_file_response(
    field_file, *, filename: str, content_type: str, cache_control: str = "private, no-store"
) -> HttpResponse:
    """A download of ``field_file`` (a file in private storage) as an attachment named ``filename``.

    Call it only after the permission check. Raises ``FileNotFoundError`` when the file is gone. The
    response never shows where the file lives, except to the web server (``PH_PRIVATE_SENDFILE``),
    which removes the ``X-Accel-Redirect``/``X-Sendfile`` header before the browser sees it.
    """
    mode = settings.PRIVATE_SENDFILE
    if not mode:
        try:
            handle = field_file.open("rb")
        except ValueError:  # no file attached
            raise FileNotFoundError(field_file.name) from None
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    else:
        if not field_file.name or not field_file.storage.exists(field_file.name):
            raise FileNotFoundError(field_file.name)
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.PRIVATE_SENDFILE_URL.rstrip("/") + "/" + quote(field_file.name)
        else:
            response["X-Sendfile"] = field_file.storage.path(field_file.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    return response


# --- files made by a background task: written aside, then moved into place in one step ---------------


def unfinished_dir(storage, folder: str = "tmp") -> str | None:
    """A folder for an unfinished file on the same file system as the finished ones (so the move is
    atomic); None when the storage is not a local file system (then the system's temporary folder)."""
    import os

    try:
        path = storage.path(folder)
    except NotImplementedError:
        return None
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def place_finished(storage, tmp_path: str, name: str) -> str:
    """Move the finished file at ``tmp_path`` to ``name`` in ``storage`` in one step (a rename on the same
    file system), so nobody ever reads half a file; returns the stored name."""
    import os

    from django.core.files import File

    try:
        final_path = storage.path(name)
    except NotImplementedError:  # not a local file system: the storage writes it
        with open(tmp_path, "rb") as handle:
            name = storage.save(name, File(handle))
        os.unlink(tmp_path)
        return name
    os.makedirs(os.path.dirname(final_path), mode=0o750, exist_ok=True)
    if storage.file_permissions_mode is not None:
        os.chmod(tmp_path, storage.file_permissions_mode)
    os.replace(tmp_path, final_path)
    return name
