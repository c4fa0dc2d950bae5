"""Installing software beside the running version: the self-check of a wheel, and
archives that would write outside their directory."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest

from station_client.sync.software import (
    SoftwareInstall,
    UpdateRefused,
    UpdateRolledBack,
    unpack_zip,
)


@pytest.mark.parametrize("starts", [True, False])
def test_a_wheel_is_checked_by_importing_the_new_code_first(tmp_path: Path, starts: bool) -> None:
    """A wheel has no descriptor: its self-check runs ``station_client.sync.software``
    from the unpacked wheel, which comes first on ``PYTHONPATH``."""
    wheel = io.BytesIO()
    with zipfile.ZipFile(wheel, "w") as archive:
        for package in ("station_client", "station_client/sync"):
            archive.writestr(f"{package}/__init__.py", "")
        archive.writestr(
            "station_client/sync/software.py",
            f"import sys\nprint('new code here')\nsys.exit({0 if starts else 1})\n",
        )
    install = SoftwareInstall(tmp_path / "software", timeout=30)
    if starts:
        done = install.install(7, wheel.getvalue(), "wheel")
        assert (done.version, done.output) == (7, "new code here")
        assert install.current_version() == 7
    else:
        with pytest.raises(UpdateRolledBack, match="new code here"):
            install.install(7, wheel.getvalue(), "wheel")
        assert install.current_version() is None
        assert not (install.versions_dir / "7").exists()


def _zip_with(name: str, *, link: bool = False, twice: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name)
        if link:
            info.external_attr = 0o120777 << 16  # a symbolic link to /etc
        archive.writestr(info, "/etc" if link else "x")
        if twice:
            with warnings.catch_warnings():  # zipfile warns, and writes it all the same
                warnings.simplefilter("ignore")
                archive.writestr(name, "y")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "payload",
    [
        _zip_with("/etc/cron.d/x"),
        _zip_with("a/../../x"),
        _zip_with("a\\..\\..\\x"),
        _zip_with("C:/x"),
        _zip_with("link", link=True),
        _zip_with("same.json", twice=True),
        b"PK\x03\x04 not a zip",
    ],
    ids=["absolute", "dot-dot", "backslash", "drive", "symlink", "duplicate", "garbage"],
)
def test_unsafe_archives_are_refused(tmp_path: Path, payload: bytes) -> None:
    target = tmp_path / "inside" / "target"
    target.mkdir(parents=True)
    with pytest.raises(UpdateRefused) as e:
        unpack_zip(payload, target)
    assert e.value.code == "malformed_publication"
    assert [p.name for p in tmp_path.rglob("*") if p.name not in ("inside", "target")] in (
        [],
        ["same.json"],  # the first of two same-named entries, inside the target
    )
