"""Reference bundles installed in a station's data directory.

Layout under ``root``::

    CURRENT              the installed version in use (a number and a newline)
    versions/<version>/  one validated copy of each bundle ever installed

The district pushes whole bundles. :meth:`ReferenceInstall.install` validates the
candidate completely, refuses one that is not newer than the current version, copies
it under ``versions/``, validates the copy again and only then switches ``CURRENT``
(temporary file + ``os.replace``, so the switch is atomic). Whatever goes wrong before
the switch, the previous version stays current and untouched.
"""

import os
import shutil
import tempfile
from pathlib import Path

from station_client.reference.bundle import ReferenceBundle, default_bundle_dir, load_bundle
from station_client.reference.errors import InvalidReferenceData, StaleReferenceData
from station_client.reference.manifest import MANIFEST_NAME, sha256_of

CURRENT_NAME = "CURRENT"
VERSIONS_DIR = "versions"


class ReferenceInstall:
    """The reference bundles of one station data directory."""

    def __init__(self, root: Path, default_dir: Path | None = None) -> None:
        self.root = root
        self._default_dir = default_dir
        self._cache: tuple[int, ReferenceBundle] | None = None

    @property
    def versions_dir(self) -> Path:
        return self.root / VERSIONS_DIR

    def current_version(self) -> int | None:
        """The version ``CURRENT`` points at, or ``None`` if nothing is installed."""
        pointer = self.root / CURRENT_NAME
        if not pointer.is_file():
            return None
        text = pointer.read_text(encoding="ascii").strip()
        if not text.isdigit() or int(text) < 1:
            raise InvalidReferenceData(CURRENT_NAME, [f"{CURRENT_NAME}: not a version: {text!r}"])
        return int(text)

    def installed_versions(self) -> list[int]:
        """Versions present under ``versions/`` (complete copies only), ascending."""
        if not self.versions_dir.is_dir():
            return []
        return sorted(int(p.name) for p in self.versions_dir.iterdir() if p.name.isdigit())

    def current(self) -> ReferenceBundle:
        """The bundle in use; installs the shipped default bundle first if none is."""
        version = self.current_version()
        if version is None:
            return self.install(self._default_dir or default_bundle_dir())
        if self._cache is not None and self._cache[0] == version:
            return self._cache[1]
        bundle = load_bundle(self.versions_dir / str(version))
        self._cache = (version, bundle)
        return bundle

    def install(self, candidate_dir: Path, *, take: bool = False) -> ReferenceBundle:
        """Validate ``candidate_dir`` and make it the current bundle.

        Raises :class:`InvalidReferenceData` if the candidate is faulty (including a
        data file whose version went down, or whose content changed without a new
        version), :class:`StaleReferenceData` if it is not newer than the current one.
        In both cases nothing changes.

        ``take=True`` moves ``candidate_dir`` (a scratch directory on the same file
        system, such as an unpacked push) into place instead of copying it: a rename
        changes no byte, so what was validated is what is installed, without reading
        and checking a 12 MB bundle a second time.
        """
        candidate = load_bundle(candidate_dir)
        current_version = self.current_version()
        if current_version is not None:
            if candidate.version <= current_version:
                raise StaleReferenceData(candidate.version, current_version)
            self._check_file_versions(candidate_dir, candidate, current_version)

        self.versions_dir.mkdir(parents=True, exist_ok=True)
        target = self.versions_dir / str(candidate.version)
        staging = Path(
            tempfile.mkdtemp(prefix=f".staging-{candidate.version}-", dir=self.versions_dir)
        )
        try:
            if take:
                staging.rmdir()
                os.replace(candidate_dir, staging)
                installed = candidate
            else:
                shutil.copytree(candidate_dir, staging, dirs_exist_ok=True)
                installed = load_bundle(staging)
            if target.exists():
                # Left over by an install interrupted before the switch: never current.
                shutil.rmtree(target)
            os.replace(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        self._switch(candidate.version)
        self._cache = (candidate.version, installed)
        return installed

    def _check_file_versions(
        self, candidate_dir: Path, candidate: ReferenceBundle, current_version: int
    ) -> None:
        current_dir = self.versions_dir / str(current_version)
        if not (current_dir / MANIFEST_NAME).is_file():
            return
        current = self._cache[1] if self._cache and self._cache[0] == current_version else None
        if current is None:
            try:
                current = load_bundle(current_dir)
            except InvalidReferenceData:
                return  # a damaged current bundle must not block its replacement
        problems = []
        for path, new in candidate.file_versions.items():
            old = current.file_versions.get(path)
            if old is None:
                continue
            if new < old:
                problems.append(f"{path}: version {new} is older than the installed {old}")
            elif new == old and sha256_of(candidate_dir / path) != sha256_of(current_dir / path):
                problems.append(f"{path}: content changed but version {new} was not raised")
        if problems:
            raise InvalidReferenceData(problems[0].split(":", 1)[0], problems)

    def _switch(self, version: int) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".CURRENT-", dir=self.root)
        try:
            with os.fdopen(fd, "w", encoding="ascii", newline="\n") as handle:
                handle.write(f"{version}\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.root / CURRENT_NAME)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
