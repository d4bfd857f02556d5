"""Media people send (photos, voice notes, files), downloaded with a hard size limit.

Files go under settings.media_dir/<channel>/<yyyy>/<mm>/inbox-<id>.<ext>; the name depends only
on the inbox id so a retried download overwrites instead of piling up copies.
"""

from __future__ import annotations

import mimetypes
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bots.sqltypes import utcnow

_EXTENSIONS = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
    "audio/mp4": ".m4a", "audio/m4a": ".m4a", "audio/x-m4a": ".m4a", "audio/aac": ".aac",
    "audio/mpeg": ".mp3", "audio/ogg": ".ogg", "video/mp4": ".mp4", "application/pdf": ".pdf",
}


class MediaTooLarge(Exception):
    pass


class MediaUnavailable(Exception):
    """The platform could not hand the file over right now; worth another try."""


@dataclass
class SavedMedia:
    path: Path
    size: int
    media_type: str

    def as_extra(self) -> dict[str, Any]:
        return {"media_path": str(self.path), "media_type": self.media_type, "media_size": self.size}


def extension_for(media_type: str) -> str:
    base = media_type.split(";", 1)[0].strip().lower()
    return _EXTENSIONS.get(base) or mimetypes.guess_extension(base) or ".bin"


async def save_stream(
    chunks: AsyncIterator[bytes], *, media_dir: Path, channel: str, inbox_id: int,
    media_type: str, max_bytes: int,
) -> SavedMedia:
    now = utcnow()
    folder = Path(media_dir) / channel / f"{now:%Y}" / f"{now:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"inbox-{inbox_id}{extension_for(media_type)}"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise MediaTooLarge(f"over {max_bytes} bytes")
                out.write(chunk)
        os.chmod(tmp, 0o600)  # sensitive: readable by the service account only
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return SavedMedia(final, size, media_type.split(";", 1)[0].strip().lower())


async def download_to_media(
    http: httpx.AsyncClient, url: str, *, media_dir: Path, channel: str, inbox_id: int,
    max_bytes: int, attempt: int, retry_attempts: int = 3,
) -> dict[str, Any]:
    """Stream `url` to disk, cut off at `max_bytes`. Returns the event.extra fields to merge.

    Transient failures (5xx, 429, transport) raise for the first attempts, so the inbox retries
    the event; after that the message goes on without its media, marked, rather than never.
    """
    try:
        async with http.stream("GET", url) as resp:
            if resp.status_code != 200:
                transient = resp.status_code >= 500 or resp.status_code in (408, 429)
                if transient and attempt < retry_attempts:
                    raise MediaUnavailable(f"content HTTP {resp.status_code}")
                return {"media_error": f"http_{resp.status_code}"}
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                return {"media_error": "too_large"}
            media_type = resp.headers.get("content-type", "application/octet-stream")

            async def chunks() -> AsyncIterator[bytes]:
                async for chunk in resp.aiter_bytes():
                    yield chunk

            saved = await save_stream(chunks(), media_dir=media_dir, channel=channel, inbox_id=inbox_id,
                                      media_type=media_type, max_bytes=max_bytes)
    except MediaTooLarge:
        return {"media_error": "too_large"}
    except httpx.TransportError:
        if attempt < retry_attempts:
            raise
        return {"media_error": "unavailable"}
    return saved.as_extra()


async def save_bytes(data: bytes, **kw: Any) -> SavedMedia:
    async def one() -> AsyncIterator[bytes]:
        yield data

    return await save_stream(one(), **kw)
