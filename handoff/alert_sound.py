"""Writes the console's emergency alert sound (handoff/static/alert.wav) with the wave module,
so the repository ships no third-party audio. Run: python -m handoff.alert_sound"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

TARGET = Path(__file__).parent / "static" / "alert.wav"
RATE = 22050
# (frequency Hz, seconds): two alternating tones, distinct from chat "ping" sounds.
PATTERN = ((880, .18), (0, .07), (660, .18), (0, .07), (880, .18), (0, .07), (660, .22))


def render() -> bytes:
    frames = bytearray()
    for tone, seconds in PATTERN:
        n = int(RATE * seconds)
        for i in range(n):
            envelope = min(1.0, i / 200, (n - i) / 200)  # short fades avoid clicks
            value = 0.45 * envelope * math.sin(2 * math.pi * tone * i / RATE) if tone else 0.0
            frames += struct.pack("<h", int(value * 32767))
    return bytes(frames)


def main(path: Path = TARGET) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(render())


if __name__ == "__main__":
    main()
