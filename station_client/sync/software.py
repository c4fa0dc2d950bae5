"""Installing a station software update beside the running one, and rolling it back.

Layout under ``root`` (the station's software directory)::

    CURRENT              the publication version the launcher starts (a number)
    TRIAL                present only while a new version proves it starts
    versions/<version>/  each installed version, unpacked

An update is unpacked into ``versions/`` beside the version in use (which stays as it
is: that is the backup), ``TRIAL`` records what to go back to, ``CURRENT`` is switched
(temporary file + ``os.replace``) and the new version's self-check runs. If the check
fails, times out or cannot start, ``CURRENT`` goes back to the previous version and the
new one is removed. If the station stops in the middle, :meth:`SoftwareInstall.recover`
finds ``TRIAL`` at the next start and rolls back the same way. Without ``CURRENT`` the
launcher starts the copy the installer put down, so rolling back the first update
removes ``CURRENT``.

``python -m station_client.sync.software --self-check`` is the self-check of a wheel
(a wheel carries no descriptor): it imports the station's layers and loads the shipped
reference bundle with the code it finds first on ``PYTHONPATH``, the new version's.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pydantic

from hub_sync.protocol.publication import PACKAGE_DESCRIPTOR, PackageDescriptor

from .errors import SyncError

CURRENT_NAME = "CURRENT"
TRIAL_NAME = "TRIAL"
VERSIONS_DIR = "versions"
WHEEL_SELF_CHECK = ("{python}", "-m", "station_client.sync.software", "--self-check")
SELF_CHECK_TIMEOUT = 120.0  # seconds
MAX_UNPACKED_BYTES = 1 << 30
MAX_ENTRIES = 50_000
OUTPUT_KEPT = 1500  # characters of the self-check's output kept for the report
_ARCHIVE_FAULTS = (zipfile.BadZipFile, FileExistsError, IsADirectoryError, NotADirectoryError)


class UpdateRefused(SyncError):
    """A publication that is not installed; ``code`` says why (see
    :mod:`hub_sync.protocol.publication`), and the station reports it to the hub."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}", f"区里推送的更新未安装（{code}）")
        self.code = code
        self.message = message


class UpdateRolledBack(UpdateRefused):
    """The new software version failed its self-check; the previous version is back."""


def unpack_zip(payload: bytes, target: Path) -> None:
    """Unpack a zip archive into the empty directory ``target``, refusing anything that
    could write outside it (absolute paths, ``..``, links) or is absurdly large."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile as e:
        raise UpdateRefused("malformed_publication", f"the payload is not a zip: {e}") from e
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise UpdateRefused("malformed_publication", "the archive is too large to unpack")
        for info in infos:
            name = PurePosixPath(info.filename)
            unsafe = (
                name.is_absolute()
                or ".." in name.parts
                or "\\" in info.filename
                or ":" in info.filename
                or stat.S_ISLNK(info.external_attr >> 16)
            )
            if unsafe:
                raise UpdateRefused(
                    "malformed_publication", f"unsafe entry in the archive: {info.filename[:100]!r}"
                )
            path = target.joinpath(*name.parts)
            try:
                if info.is_dir():
                    path.mkdir(parents=True, exist_ok=True)
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, open(path, "xb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
            except _ARCHIVE_FAULTS as e:
                # Corrupt, or entries that collide: the archive's fault. Other OSErrors
                # (disk full) are the station's and propagate.
                raise UpdateRefused("malformed_publication", f"cannot unpack: {e}") from e


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Installed:
    version: int
    label: str
    output: str  # what the self-check printed (its tail)


class SoftwareInstall:
    """The station's software directory: A/B versions behind a ``CURRENT`` pointer."""

    def __init__(
        self, root: Path, *, python: str = sys.executable, timeout: float = SELF_CHECK_TIMEOUT
    ) -> None:
        self.root = root
        self.python = python
        self.timeout = timeout

    @property
    def versions_dir(self) -> Path:
        return self.root / VERSIONS_DIR

    def current_version(self) -> int | None:
        pointer = self.root / CURRENT_NAME
        if not pointer.is_file():
            return None
        text = pointer.read_text(encoding="ascii").strip()
        return int(text) if text.isdigit() else None

    def current_dir(self) -> Path | None:
        version = self.current_version()
        return None if version is None else self.versions_dir / str(version)

    def recover(self) -> int | None:
        """Roll back an update whose self-check never finished (the station stopped in
        the middle). Returns the version rolled back, if any."""
        trial = self.root / TRIAL_NAME
        if not trial.is_file():
            return None
        try:
            record = json.loads(trial.read_text(encoding="utf-8"))
            version, previous = int(record["version"]), record.get("previous")
        except (ValueError, KeyError, TypeError):
            version, previous = -1, None
        self._roll_back(version, previous if isinstance(previous, int) else None)
        return version

    def install(self, version: int, payload: bytes, payload_format: str) -> Installed:
        """Install ``payload`` as ``version`` and make it current if its self-check
        passes; otherwise raise :class:`UpdateRolledBack` with the previous version
        current and untouched."""
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{version}-", dir=self.versions_dir))
        try:
            unpack_zip(payload, staging)
            descriptor = self._descriptor(staging, payload_format)
            target = self.versions_dir / str(version)
            if target.exists():  # left by an install that never became current
                shutil.rmtree(target)
            os.replace(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        previous = self.current_version()
        _write_atomically(
            self.root / TRIAL_NAME, json.dumps({"version": version, "previous": previous})
        )
        _write_atomically(self.root / CURRENT_NAME, f"{version}\n")
        passed, output = self._self_check(descriptor.self_check, target)
        if not passed:
            self._roll_back(version, previous)
            raise UpdateRolledBack(
                "self_check_failed",
                f"software {descriptor.version} (version {version}) failed its self-check; "
                f"version {previous if previous is not None else 'as installed'} is back. "
                f"Output: {output}",
            )
        (self.root / TRIAL_NAME).unlink()
        self._prune(keep={version, previous})
        return Installed(version, descriptor.version, output)

    def _descriptor(self, unpacked: Path, payload_format: str) -> PackageDescriptor:
        path = unpacked / PACKAGE_DESCRIPTOR
        if payload_format == "wheel" and not path.is_file():
            return PackageDescriptor(
                name="wheel", version="wheel", self_check=list(WHEEL_SELF_CHECK)
            )
        try:
            return PackageDescriptor.model_validate_json(path.read_bytes())
        except (OSError, pydantic.ValidationError) as e:
            raise UpdateRefused(
                "malformed_publication", f"no valid {PACKAGE_DESCRIPTOR} in the package: {e}"
            ) from e

    def _self_check(self, command: list[str], target: Path) -> tuple[bool, str]:
        argv = [a.replace("{python}", self.python).replace("{root}", str(target)) for a in command]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), env.get("PYTHONPATH")]))
        env["RENSHE_SOFTWARE_ROOT"] = str(self.root)
        try:
            done = subprocess.run(
                argv,
                cwd=target,
                env=env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False, f"no answer within {self.timeout:.0f} s"
        except OSError as e:
            return False, f"cannot start {argv[0]!r}: {e}"
        output = (done.stdout + done.stderr).strip()[-OUTPUT_KEPT:]
        if done.returncode != 0:
            return False, f"exit status {done.returncode}: {output}"
        return True, output

    def _roll_back(self, version: int, previous: int | None) -> None:
        if previous is None:
            (self.root / CURRENT_NAME).unlink(missing_ok=True)
        else:
            _write_atomically(self.root / CURRENT_NAME, f"{previous}\n")
        if version != previous:
            shutil.rmtree(self.versions_dir / str(version), ignore_errors=True)
        (self.root / TRIAL_NAME).unlink(missing_ok=True)

    def _prune(self, keep: set[int | None]) -> None:
        """Keep the new version and the one before it (the next roll-back target)."""
        for path in self.versions_dir.iterdir():
            stale = path.name.startswith(".staging-") or (
                path.name.isdigit() and int(path.name) not in keep
            )
            if stale:  # older versions, and unpacking left by a station that stopped
                shutil.rmtree(path, ignore_errors=True)


def self_check() -> int:
    """The self-check of a wheel: the station's layers import and the shipped reference
    bundle loads (no database, no window, no network)."""
    import station_client
    import station_client.store
    import station_client.sync.agent  # (imported to prove it imports)
    from station_client.reference import default_bundle_dir, load_bundle

    bundle = load_bundle(default_bundle_dir())
    print(f"renshe-station {station_client.__version__}: reference data {bundle.version} ok")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--self-check"]:
        print("usage: python -m station_client.sync.software --self-check", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(self_check())
