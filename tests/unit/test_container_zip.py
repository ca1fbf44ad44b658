"""The inner ZIP's bytes do not depend on how its parts were deflated: side by side on several
cores (a large district's parts), ahead of time while an export digests its rows, or one after
another (a small one)."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from desktop.sync.format import container


def _parts() -> list[tuple[str, bytes]]:
    rng = random.Random(7)
    words = [bytes(rng.choices(b"abcdefghij\xe1\xbb\x87 ", k=8)) for _ in range(500)]
    return [
        (f"records/part{i}.json", b",".join(rng.choices(words, k=60_000 * (i + 1))))
        for i in range(4)
    ]


def test_parts_deflated_side_by_side_make_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    parts = _parts()
    assert sum(len(d) for _, d in parts) > container.SIDE_BY_SIDE
    side_by_side = container.write_zip(parts, deflate=True)
    monkeypatch.setattr(container, "SIDE_BY_SIDE", 10**12)
    one_by_one = container.write_zip(parts, deflate=True)
    assert side_by_side == one_by_one
    with container.DeflatingAhead() as ahead:
        ahead.start(parts[:2])  # some ahead of time, the rest when the ZIP is written
        assert container.write_zip(parts, deflate=True, ahead=ahead) == one_by_one
    with zipfile.ZipFile(io.BytesIO(side_by_side)) as archive:
        assert archive.namelist() == [name for name, _ in parts]
        assert [archive.read(name) for name, _ in parts] == [data for _, data in parts]
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    assert container.check_canonical(
        side_by_side, zipfile.ZipFile(io.BytesIO(side_by_side)).infolist()
    )
