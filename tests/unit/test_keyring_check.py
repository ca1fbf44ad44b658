"""A keyring that does not give back what it was given never gets the office's key: the
passphrase-locked file does, and the user is told so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import null
from keyring.errors import PasswordSetError

from desktop.app import main
from desktop.services import keys as key_service
from desktop.sync import keystore
from desktop.sync.memory_keyring import MemoryKeyring

PASSPHRASE = "mật khẩu khóa 2024"
INIT = ["init", "--role", "district", "--unit-code", "LDLD-BATRI", "--unit-name", "LĐLĐ Ba Tri"]


class ForgetfulKeyring(MemoryKeyring):
    """Takes every key and gives back another one (a store shared with a stale entry)."""

    def get_password(self, service: str, username: str) -> str | None:
        kept = super().get_password(service, username)
        return None if kept is None else kept[::-1]


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("kho bị khóa")


@pytest.fixture
def use_keyring() -> Iterator[object]:
    previous = keyring.get_keyring()

    def use(backend: keyring.backend.KeyringBackend) -> None:
        keyring.set_keyring(backend)

    try:
        yield use
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()
        keystore.notices.clear()


def _key_file(private_data_dir: Path) -> Path:
    files = list((private_data_dir / "keys").glob("*.ukey"))
    assert len(files) == 1
    return files[0]


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (null.Keyring(), "keyring.backends.null.Keyring: đọc lại không thấy khóa"),
        (ForgetfulKeyring(), "ForgetfulKeyring: đọc lại được một khóa khác"),
        (RefusingKeyring(), "RefusingKeyring: kho bị khóa"),
    ],
)
def test_init_puts_the_key_in_the_passphrase_file_and_says_why(
    backend: keyring.backend.KeyringBackend,
    reason: str,
    use_keyring,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_keyring(backend)
    monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", PASSPHRASE)
    db = tmp_path / "batri.sqlite"
    assert main([*INIT, "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    key_file = _key_file(private_data_dir)
    said = [line for line in err.splitlines() if line.startswith("Kho khóa của hệ thống")]
    assert len(said) == 1
    assert said[0].startswith("Kho khóa của hệ thống không giữ được khóa (")
    assert reason in said[0]
    assert said[0].endswith(f"); khóa được cất trong tệp có mật khẩu: {key_file}")
    assert "cất trong tệp khóa mã hóa" in out
    assert "kho khóa của hệ điều hành" not in out
    if isinstance(backend, MemoryKeyring):
        assert backend.secrets == {}  # no half-kept copy left in the store

    keystore.forget_unlocked()  # the next command is another process
    card = tmp_path / "the.json"
    assert main(["keys", "export", "--db", str(db), "--out", str(card)]) == 0
    assert json.loads(card.read_text(encoding="utf-8"))["unit_code"] == "LDLD-BATRI"


def test_keys_create_after_init_without_a_passphrase_uses_the_file(
    use_keyring,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_keyring(null.Keyring())
    monkeypatch.delenv("UNIONDESK_KEY_PASSPHRASE", raising=False)
    db = tmp_path / "batri.sqlite"
    assert main([*INIT, "--db", str(db)]) == 0
    assert "Chưa tạo được khóa" in capsys.readouterr().out
    assert not (private_data_dir / "keys").exists() or not list(
        (private_data_dir / "keys").glob("*.ukey")
    )

    monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", PASSPHRASE)
    assert main(["keys", "create", "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert (
        "Kho khóa của hệ thống không giữ được khóa (keyring.backends.null.Keyring: đọc lại "
        f"không thấy khóa); khóa được cất trong tệp có mật khẩu: {_key_file(private_data_dir)}"
    ) in err
    keystore.forget_unlocked()
    assert main(["keys", "export", "--db", str(db), "--out", str(tmp_path / "t.json")]) == 0


def test_a_keyring_that_keeps_its_keys_is_used_and_the_probe_leaves_nothing(
    use_keyring,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    private_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = MemoryKeyring()
    use_keyring(store)
    assert key_service.keyring_available()
    assert store.secrets == {}
    db = tmp_path / "batri.sqlite"
    assert main([*INIT, "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert "cất trong kho khóa của hệ điều hành" in out
    assert "Kho khóa của hệ thống" not in err
    assert [user for _service, user in store.secrets] == [f"LDLD-BATRI/{_only_key_id(store)}"]
    assert not (private_data_dir / "keys").exists()


def _only_key_id(store: MemoryKeyring) -> str:
    ((_service, user),) = store.secrets
    return user.split("/", 1)[1]


@pytest.mark.parametrize("backend", [null.Keyring(), ForgetfulKeyring(), RefusingKeyring()])
def test_the_window_asks_for_a_passphrase_when_the_keyring_keeps_nothing(
    backend: keyring.backend.KeyringBackend,
    use_keyring,  # type: ignore[no-untyped-def]
) -> None:
    use_keyring(backend)
    assert not key_service.keyring_available()
