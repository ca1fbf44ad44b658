"""Every byte of a small bundle flipped in turn, and thousands of mutated bundles: none crashes the
reader, none merges."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.store import Store
from desktop.sync.format.envelope import open_bundle
from desktop.sync.format.manifest import open_inner as open_inner_zip
from desktop.sync.verify import authenticate, own_pairs, validate_unit_state
from tests.unit._bundle_craft import members_of, open_inner, reseal
from tests.unit._sync_fixtures import Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]


class Reader:
    """The province's checks 1-8, run in memory on bytes (the merge runs the same ones first)."""

    def __init__(self, province: Path) -> None:
        self.db = Store(province)
        with self.db.session() as session:
            self.pairs = own_pairs(session, no_passphrase)

    def accepts(self, data: bytes) -> bool:
        with self.db.session() as session:
            try:
                authenticated = authenticate(
                    session,
                    data,
                    "fuzz.udb",
                    self.pairs,
                    office_code="LDLD-BENTRE",
                    expect_province=False,
                )
                validate_unit_state(authenticated)
            except UserError:
                return False
        return True


@pytest.fixture
def setup(tmp_path: Path, memory_keyring):  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    bundle = ex.export("2024-03").read_bytes()
    reader = Reader(ex.province)
    yield ex, bundle, reader
    reader.db.close()


def test_every_flipped_byte_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    _, bundle, reader = setup
    assert reader.accepts(bundle)
    accepted = [i for i in range(len(bundle)) if reader.accepts(_flip(bundle, i))]
    assert accepted == []
    assert len(bundle) > 3000  # the test covers a real bundle, headers, envelope and ciphertext


def _flip(data: bytes, index: int, mask: int = 0x01) -> bytes:
    return data[:index] + bytes([data[index] ^ mask]) + data[index + 1 :]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    i = rng.randrange(len(data))
    if kind == 0:
        return _flip(data, i, rng.randrange(1, 256))
    if kind == 1:
        return data[:i]
    if kind == 2:
        return data[:i] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9))) + data[i:]
    if kind == 3:
        j = min(len(data), i + rng.randrange(1, 64))
        return data[:i] + data[j:]
    if kind == 4:
        j = rng.randrange(len(data))
        return data[:i] + data[j : j + rng.randrange(1, 64)] + data[i:]
    return data[:i] + b"\x00" * rng.randrange(1, 32) + data[i + 1 :]


def test_thousands_of_mutated_bundles_never_crash_and_never_pass(setup) -> None:  # type: ignore[no-untyped-def]
    _, bundle, reader = setup
    rng = random.Random(20240611)
    for _ in range(3000):
        mutated = _mutate(bundle, rng)
        if mutated != bundle:
            assert not reader.accepts(mutated)


def test_mutated_inner_payloads_sealed_afresh_never_pass_other_content(setup) -> None:  # type: ignore[no-untyped-def]
    """Anyone can seal a payload to the province key, so the inner reader must hold on its own.

    The one kind of inner change that can pass is in the unused padding bits of a deflate
    stream's last byte: it inflates to the very same signed bytes (and would merge as a no-op).
    """
    ex, bundle, reader = setup
    inner = open_inner(ex.province, bundle)
    original = members_of(inner)
    rng = random.Random(7)
    same_content = 0
    for _ in range(1500):
        mutated = _mutate(inner, rng)
        if mutated == inner:
            continue
        with contextlib.suppress(UserError):
            open_inner_zip(mutated, "x")  # the container and manifest reader alone never crash
        if reader.accepts(reseal(mutated, ex.province)):
            assert members_of(mutated) == original
            same_content += 1
    assert same_content < 5


def test_open_bundle_refuses_garbage_of_every_size() -> None:
    rng = random.Random(3)
    for size in (0, 1, 21, 22, 100, 4096):
        with pytest.raises(UserError):
            open_bundle(bytes(rng.randrange(256) for _ in range(size)), "rác.udb", {})
