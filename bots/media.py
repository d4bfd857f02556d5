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

from bots.sqltypes import utcnow

_EXTENSIONS = {
    "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
    "audio/mp4": ".m4a", "audio/m4a": ".m4a", "audio/x-m4a": ".m4a", "audio/aac": ".aac",
    "audio/mpeg": ".mp3", "audio/ogg": ".ogg", "video/mp4": ".mp4", "application/pdf": ".pdf",
}


class MediaTooLarge(Exception):
    pass


@dataclass
class SavedMedia:
    path: Path
    size: int
    media_type: str


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
