"""Fixtures for the social-security card tests: a private pcscd with the vpcd reader,
and virtual cards inserted into it. See :mod:`.pcscd` for how the daemon is isolated."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from .pcscd import READER, PcscdUnavailable, PrivatePcscd, claim_client_socket, wait_card
from .vicc import SsseCard, VirtualCard

# libpcsclite fixes its socket path at the first PC/SC call of the process: claim ours
# now, at collection, before any test (or plugin) can make one.
claim_client_socket()


def unavailable(reason: str) -> None:
    """Skip on a developer machine without the tools; fail in CI, never skip silently."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"social-security card tests need a private pcscd: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePcscd]:
    """The one pcscd of this test process (they would all share the client's socket)."""
    try:
        daemon = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
        daemon.start()
    except PcscdUnavailable as exc:
        unavailable(str(exc))
        raise  # unreachable: unavailable() skips or fails
    yield daemon
    daemon.stop()


@pytest.fixture
def pcscd(daemon: PrivatePcscd) -> PrivatePcscd:
    """The daemon, running with the vpcd reader (restarted if a test stopped it)."""
    if not daemon.running or not daemon.with_reader:
        daemon.start()
    daemon.wait_reader()
    return daemon


@pytest.fixture
def own_pcscd(pcscd: PrivatePcscd) -> Iterator[PrivatePcscd]:
    """The daemon, for a test to stop, restart or reconfigure; put back afterwards."""
    yield pcscd
    if not pcscd.running or not pcscd.with_reader:
        pcscd.start()


InsertCard = Callable[..., VirtualCard]


@pytest.fixture
def card_slot(pcscd: PrivatePcscd) -> Iterator[InsertCard]:
    """``insert(card, wait=True)`` puts a virtual card in the reader; all are removed
    after the test, and none may have been sent a VERIFY (a PIN)."""
    inserted: list[VirtualCard] = []

    def insert(card: SsseCard, *, wait: bool = True, daemon: PrivatePcscd = pcscd) -> VirtualCard:
        virtual = VirtualCard(card, daemon.port)
        inserted.append(virtual)
        virtual.insert()
        if wait:
            wait_card(True, READER)
        return virtual

    yield insert
    for virtual in inserted:
        virtual.remove()
        assert not [a for a in virtual.apdus if len(a) > 1 and a[1] == 0x20], "VERIFY sent"
    if pcscd.running:
        wait_card(False, READER)
