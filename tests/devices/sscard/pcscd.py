"""A ``pcscd`` owned by the test (or benchmark), with the ``vpcd`` virtual reader.

``pcscd`` 1.9 always serves ``/run/pcscd/pcscd.comm`` (only the *client* library honours
``PCSCLITE_CSOCK_NAME``). To run a daemon of our own beside a system one, it is started
in a private mount namespace (``unshare --mount``, root) with a temporary directory bound
over ``/run/pcscd``: its socket and pid file land in that directory, and this process's
PC/SC client is pointed there with ``PCSCLITE_CSOCK_NAME``. Without namespaces (an
unprivileged container), and only if no other ``pcscd`` is running, the daemon uses
``/run/pcscd`` itself and the private path is a symlink to its socket.

libpcsclite reads ``PCSCLITE_CSOCK_NAME`` once, at the first PC/SC call of the process,
so :func:`claim_client_socket` must run before anything touches PC/SC (the conftest does
it at import), and every daemon in the process serves that same path.

The ``vpcd`` driver comes from its own ``reader.conf`` in a private ``--config`` directory,
listening on a free port (the next port serves its second slot, "Virtual PCD 00 01").
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from smartcard import scard

SOCKET_ENV = "PCSCLITE_CSOCK_NAME"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SYSTEM_IPC_DIR = Path("/run/pcscd")
READER = "Virtual PCD 00 00"
_PREFIX = "renshe-pcscd-"


class PcscdUnavailable(RuntimeError):
    """This machine cannot run a private pcscd (missing package, not root …)."""


def missing_tools() -> str | None:
    """What is missing to run these tests, or ``None``."""
    if shutil.which("pcscd") is None:
        return "pcscd is not installed (Debian package pcscd)"
    if not VPCD_DRIVER.exists():
        return f"the vpcd driver {VPCD_DRIVER} is missing (Debian package vsmartcard-vpcd)"
    if os.geteuid() != 0:
        return "a private pcscd needs root (it binds a directory over /run/pcscd)"
    return None


def claim_client_socket() -> Path:
    """Point this process's PC/SC client at a private socket path (idempotent)."""
    current = os.environ.get(SOCKET_ENV)
    if current and Path(current).parent.name.startswith(_PREFIX):
        return Path(current)
    directory = Path(tempfile.mkdtemp(prefix=_PREFIX))
    directory.chmod(0o755)
    atexit.register(shutil.rmtree, directory, True)
    os.environ[SOCKET_ENV] = str(directory / "pcscd.comm")
    return directory / "pcscd.comm"


def free_port_pair() -> int:
    """A TCP port p with p and p+1 free (vpcd listens on both)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port >= 65535:
            continue
        try:
            with socket.socket() as second:
                second.bind(("127.0.0.1", port + 1))
        except OSError:
            continue
        return port
    raise PcscdUnavailable("no free pair of TCP ports for vpcd")


def _system_pcscd_running() -> bool:
    try:
        pid = int((SYSTEM_IPC_DIR / "pcscd.pid").read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


class PrivatePcscd:
    """Start, stop and restart one pcscd; ``stop()`` always leaves nothing behind."""

    def __init__(self, work: Path) -> None:
        missing = missing_tools()
        if missing:
            raise PcscdUnavailable(missing)
        self.client_socket = claim_client_socket()
        self.work = work
        self.config = work / "reader.conf.d"
        self.config.mkdir(parents=True, exist_ok=True)
        self.port = free_port_pair()
        self.log = work / "pcscd.log"
        self.mode: str | None = None  # "namespace" or "shared", once started
        self.with_reader = False
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, *, with_reader: bool = True, timeout: float = 20.0) -> None:
        self.stop()
        self.with_reader = with_reader
        conf = self.config / "vpcd"
        if with_reader:
            conf.write_text(
                'FRIENDLYNAME "Virtual PCD"\n'
                f"DEVICENAME /dev/null:0x{self.port:X}\n"
                f"LIBPATH {VPCD_DRIVER}\n"
                f"CHANNELID 0x{self.port:X}\n"
            )
        elif conf.exists():
            conf.unlink()
        if self.mode in (None, "namespace"):
            try:
                self._launch(namespace=True, timeout=timeout)
                self.mode = "namespace"
                return
            except PcscdUnavailable:
                if self.mode == "namespace":
                    raise
        self._launch(namespace=False, timeout=timeout)
        self.mode = "shared"

    def _command(self, namespace: bool) -> list[str]:
        pcscd = ["pcscd", "--foreground", "--config", str(self.config)]
        if "--disable-polkit" in _pcscd_help():
            pcscd.append("--disable-polkit")  # pcsc-lite 2.x: no polkit agent under test
        if not namespace:
            return pcscd
        script = 'mount --bind "$1" "$2" && shift 2 && exec "$@"'
        directory = str(self.client_socket.parent)
        return ["unshare", "--mount", "--", "sh", "-c", script, "sh", directory,
                str(SYSTEM_IPC_DIR), *pcscd]  # fmt: skip

    def _launch(self, *, namespace: bool, timeout: float) -> None:
        SYSTEM_IPC_DIR.mkdir(parents=True, exist_ok=True)  # the mount point must exist
        if not namespace:
            if _system_pcscd_running():
                raise PcscdUnavailable(
                    "no mount namespaces here and a system pcscd is running: "
                    "cannot run a private one"
                )
            link = self.client_socket
            link.unlink(missing_ok=True)
            link.symlink_to(SYSTEM_IPC_DIR / "pcscd.comm")
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                self._command(namespace), stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_ready(timeout)
        except PcscdUnavailable:
            self.stop()
            raise

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise PcscdUnavailable(f"pcscd exited at start:\n{self.log_tail()}")
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult == scard.SCARD_S_SUCCESS:
                scard.SCardReleaseContext(context)
                return
            time.sleep(0.05)
        raise PcscdUnavailable(f"pcscd did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def wait_reader(self, present: bool = True, timeout: float = 20.0) -> None:
        """Until the vpcd reader is listed (or not)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (READER in list_reader_names()) == present:
                return
            time.sleep(0.05)
        raise AssertionError(f"reader {READER!r} present={present} not seen:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        if self.mode == "shared":
            self.client_socket.unlink(missing_ok=True)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


_HELP: str | None = None


def _pcscd_help() -> str:
    global _HELP
    if _HELP is None:
        run = subprocess.run(["pcscd", "--help"], capture_output=True, text=True, check=False)
        _HELP = run.stdout + run.stderr
    return _HELP


def list_reader_names() -> list[str]:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, names = scard.SCardListReaders(context, [])
        return list(names) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


def wait_card(present: bool, reader: str = READER, timeout: float = 20.0) -> None:
    """Until pcscd sees a card in ``reader`` (or sees it gone)."""
    deadline = time.monotonic() + timeout
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert hresult == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hresult)
    try:
        while time.monotonic() < deadline:
            hresult, states = scard.SCardGetStatusChange(
                context, 0, [(reader, scard.SCARD_STATE_UNAWARE)]
            )
            seen = hresult == scard.SCARD_S_SUCCESS and bool(states)
            if seen and bool(states[0][1] & scard.SCARD_STATE_PRESENT) == present:
                return
            time.sleep(0.02)
    finally:
        scard.SCardReleaseContext(context)
    raise AssertionError(f"card present={present} in {reader!r} not seen within {timeout} s")
