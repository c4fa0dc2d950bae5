"""The station database key, kept wrapped in key slots — never in plain text.

The SQLCipher key is 32 random bytes. It is stored only wrapped (AES-256-GCM) in
``station.keys`` beside the database, once per *slot*. Each slot's wrapping key is
derived with scrypt from a secret that does not sit beside the database:

* ``machine`` — a random secret in a file outside the data directory (on Linux a
  0600 file under the user's config directory or one that district IT provisions);
  it lets the station open its store unattended (sync agent, start-up);
* ``recovery`` — a recovery code that district IT keeps, for a PC whose machine
  secret was lost.

A stolen copy of the data directory therefore opens with neither. The slot file is
written atomically so a crash never leaves the key half-replaced.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .errors import CannotOpenStore, StoreKeyError

KEY_FILE = "station.keys"
_AAD = b"renshe-station/db-key/v1"
_FORMAT = 1
# scrypt cost: ~50 ms and 16 MiB on a station PC; unlocking happens once per start.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _kek(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


@dataclass(frozen=True)
class KeySlot:
    kind: str  # machine / recovery
    salt: bytes
    nonce: bytes
    wrapped: bytes
    n: int = _SCRYPT_N
    r: int = _SCRYPT_R
    p: int = _SCRYPT_P

    @classmethod
    def seal(cls, kind: str, secret: bytes, db_key: bytes) -> KeySlot:
        salt, nonce = os.urandom(16), os.urandom(12)
        wrapped = AESGCM(_kek(secret, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)).encrypt(
            nonce, db_key, _AAD
        )
        return cls(kind, salt, nonce, wrapped)

    def open(self, secret: bytes) -> bytes | None:
        try:
            kek = _kek(secret, self.salt, self.n, self.r, self.p)
            return AESGCM(kek).decrypt(self.nonce, self.wrapped, _AAD)
        except InvalidTag:
            return None

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "kdf": "scrypt",
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KeySlot:
        return cls(
            kind=str(data["kind"]),
            salt=_unb64(str(data["salt"])),
            nonce=_unb64(str(data["nonce"])),
            wrapped=_unb64(str(data["wrapped"])),
            n=int(str(data["n"])),
            r=int(str(data["r"])),
            p=int(str(data["p"])),
        )


class MachineSecret:
    """A random secret in a file outside the data directory, created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def read_or_create(self) -> bytes:
        existing = self.read()
        if existing is not None:
            return existing
        self.path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secret)
        return secret


def default_machine_secret_path() -> Path:
    """Per-user config directory; district IT may provision another via RENSHE_MACHINE_SECRET."""
    override = os.environ.get("RENSHE_MACHINE_SECRET")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(base) / "renshe-station" / "machine.secret"


class KeyRing:
    """The slots of one station database."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / KEY_FILE

    def exists(self) -> bool:
        return self.path.exists()

    def _read(self) -> list[KeySlot]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") != _FORMAT:
                raise ValueError(f"unknown key file format {data.get('format')!r}")
            return [KeySlot.from_json(s) for s in data["slots"]]
        except FileNotFoundError as e:
            raise CannotOpenStore(
                f"cannot open the station database: key file {self.path} is missing",
                "无法打开本站数据库：密钥文件缺失",
            ) from e
        except (ValueError, KeyError, TypeError) as e:
            raise CannotOpenStore(
                f"cannot open the station database: key file {self.path} is damaged ({e})",
                "无法打开本站数据库：密钥文件已损坏",
            ) from e

    def _write(self, slots: list[KeySlot]) -> None:
        tmp = self.path.with_suffix(".keys.tmp")
        payload = {"format": _FORMAT, "slots": [s.to_json() for s in slots]}
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(payload, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def create(self, machine_secret: bytes, recovery_code: str | None = None) -> bytes:
        """Make a new database key and seal it; returns the key for the first open."""
        if self.exists():
            raise CannotOpenStore(f"a key file already exists at {self.path}; refusing to replace")
        db_key = secrets.token_bytes(32)
        slots = [KeySlot.seal("machine", machine_secret, db_key)]
        if recovery_code:
            slots.append(KeySlot.seal("recovery", recovery_code.encode("utf-8"), db_key))
        self._write(slots)
        return db_key

    def unlock(self, secret: bytes) -> bytes:
        for slot in self._read():
            key = slot.open(secret)
            if key is not None:
                return key
        raise StoreKeyError(
            "cannot open the station database: the key does not match "
            "(wrong machine secret or recovery code)",
            "无法打开本站数据库：密钥不匹配（本机密钥或恢复码错误）",
        )

    def add_slot(self, kind: str, existing_secret: bytes, new_secret: bytes) -> None:
        """Add (or replace) a slot of ``kind``, proving access with an existing secret."""
        db_key = self.unlock(existing_secret)
        slots = [s for s in self._read() if s.kind != kind]
        slots.append(KeySlot.seal(kind, new_secret, db_key))
        self._write(slots)
