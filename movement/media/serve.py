"""Public media from MEDIA_ROOT on one machine, with production settings.

Django serves MEDIA_URL only with DEBUG, and WhiteNoise only files present at
start-up (PITFALLS.md): an image uploaded after gunicorn started would be a
404. This view serves Wagtail's image folders (`movement.media.PUBLIC_PREFIXES`)
and nothing else, so `documents/` stays behind Wagtail's serve view and its
collection privacy. It answers with long cache headers, an ETag,
Last-Modified, 304s and single byte ranges (206/416), which Django's static
serve view lacks (video seeking, resumed downloads, CDNs fetching ranges).
"""

import mimetypes
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from movement.media import is_public

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _file_for(path):
    if not is_public(path):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise Http404 from None
    # Resolved, so a symlink or `..` cannot lead out of the public folders.
    relative = target.relative_to(root).as_posix() if target.is_relative_to(root) else ""
    if not relative or not is_public(relative) or not target.is_file():
        raise Http404
    return target


def _etag(stat):
    return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


def _etag_matches(header, etag):
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


class _Slice:
    """A file object that stops after `length` bytes (FileResponse streams it)."""

    def __init__(self, handle, length):
        self.handle, self.remaining = handle, length

    def read(self, size=CHUNK):
        if self.remaining <= 0:
            return b""
        data = self.handle.read(min(size if size and size > 0 else CHUNK, self.remaining))
        self.remaining -= len(data)
        return data

    def close(self):
        self.handle.close()


def _byte_range(header, size):
    """(start, end) inclusive for one satisfiable range; None to send it all;
    False when unsatisfiable. Several ranges: the whole file (RFC 9110 allows it)."""
    match = _RANGE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    if last and start > int(last):
        return None  # invalid: ignore the header
    if start >= size:
        return False
    end = int(last) if last else size - 1
    return start, min(end, size - 1)


@require_safe
def serve(request, path):
    target = _file_for(path)
    stat = target.stat()
    etag = _etag(stat)
    last_modified = http_date(stat.st_mtime)
    headers = {
        "ETag": etag,
        "Last-Modified": last_modified,
        "Cache-Control": f"public, max-age={settings.MEDIA_CACHE_MAX_AGE}",
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
    }

    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        not_modified = _etag_matches(if_none_match, etag)
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        not_modified = since is not None and int(stat.st_mtime) <= since
    if not_modified:
        response = HttpResponseNotModified()
        for name, value in headers.items():
            response[name] = value
        return response

    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    size = stat.st_size
    byte_range = None
    range_header = request.headers.get("Range")
    if range_header:
        if_range = request.headers.get("If-Range")
        if if_range is None or if_range.strip() in (etag, last_modified):
            byte_range = _byte_range(range_header, size)
    if byte_range is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        for name, value in headers.items():
            response[name] = value
        return response

    handle = open(target, "rb")  # noqa: SIM115 (FileResponse closes it)
    if byte_range:
        start, end = byte_range
        handle.seek(start)
        length = end - start + 1
        response = FileResponse(_Slice(handle, length), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    else:
        response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    for name, value in headers.items():
        response[name] = value
    if request.method == "HEAD":
        handle.close()
        response = HttpResponse(status=response.status_code, headers=dict(response.items()))
    return response
