"""The hub's deployment files: nginx with TLS in front of a real hub (a station enrols
through it), the systemd units, the backup and restore scripts' shell."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from station_client.app import Station, StationConfig
from station_client.sync import enrol
from station_client.sync.provisioning import pinned_key_ids, read_provisioning

from ..hubserver import RunningHub, free_port
from .conftest import Artefacts
from .helpers import ROOT, app_env, need_tool, provision_file, run_app

HUB_FILES = ROOT / "installer" / "hub"
SITE = HUB_FILES / "nginx" / "renshe-hub.conf"


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    crt, pem = directory / "hub.crt", directory / "hub.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return crt, pem


def nginx_config(
    work: Path, *, upstream: str, https: int, http: int, ipv6: bool = True
) -> tuple[Path, Path]:
    """The shipped site, with the test's certificate, ports and upstream, in a main
    configuration of its own (no /etc/nginx); its path and the certificate's."""
    crt, key = self_signed(work)
    site = SITE.read_text(encoding="utf-8")
    site = site.replace("/etc/renshe-hub/tls/hub.crt", str(crt))
    site = site.replace("/etc/renshe-hub/tls/hub.key", str(key))
    site = site.replace("server 127.0.0.1:8700;", f"server {upstream};")
    site = re.sub(r"listen (\[::\]:)?443 ", lambda m: f"listen {m[1] or ''}{https} ", site)
    site = re.sub(r"listen (\[::\]:)?80;", lambda m: f"listen {m[1] or ''}{http};", site)
    if not ipv6:
        site = "\n".join(ln for ln in site.splitlines() if "listen [::]" not in ln)
    (work / "renshe-hub.conf").write_text(site, encoding="utf-8")
    main = f"""
pid {work}/nginx.pid;
error_log {work}/error.log;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/renshe-hub.conf;
}}
"""
    (work / "nginx.conf").write_text(main, encoding="utf-8")
    return work / "nginx.conf", crt


def _nginx(work: Path, config: Path, *args: str) -> list[str]:
    nginx = need_tool("nginx", "nginx")
    return [nginx, "-e", str(work / "error.log"), "-p", str(work), "-c", str(config), *args]


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    config, _crt = nginx_config(tmp_path, upstream="127.0.0.1:8700", https=8443, http=8080)
    done = subprocess.run(_nginx(tmp_path, config, "-t"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


@pytest.fixture
def proxy(hub: RunningHub, tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """nginx running the shipped site in front of the test hub: https and http URLs."""
    https, http = free_port(), free_port()
    upstream = hub.url.removeprefix("http://")
    config, crt = nginx_config(tmp_path, upstream=upstream, https=https, http=http, ipv6=False)
    server = subprocess.Popen(
        _nginx(tmp_path, config, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"https://127.0.0.1:{https}/health", verify=str(crt), timeout=2)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {(tmp_path / 'error.log').read_text()}")
                time.sleep(0.1)
        yield f"https://localhost:{https}", f"http://localhost:{http}", crt
    finally:
        server.send_signal(signal.SIGQUIT)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def test_a_station_enrols_through_nginx_over_tls(
    hub: RunningHub,
    proxy: tuple[str, str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    https, http, crt = proxy
    redirect = requests.get(f"{http}/health", allow_redirects=False, timeout=5)
    assert redirect.status_code == 301 and redirect.headers["location"].startswith("https://")
    # The district's CA trusted, as the bundle's runtime hook has requests do it.
    monkeypatch.setattr(requests.adapters, "DEFAULT_CA_BUNDLE_PATH", str(crt))
    content = read_provisioning(provision_file(hub, tmp_path / "p.renshe"))
    station = Station(StationConfig(tmp_path / "data", tmp_path / "secret"))
    try:
        store = station.open_store(create=True)
        me = enrol(store, https, content.code, "0.1.0")
        assert me.station_id == content.station_id and me.hub_url == https
        # The hub's keys were fetched with a signed request: nginx passed the request
        # target the station signed unchanged.
        assert pinned_key_ids(store)
    finally:
        station.close()


def test_the_bundled_app_trusts_the_ca_it_is_given(
    artefacts: Artefacts, hub: RunningHub, proxy: tuple[str, str, Path], tmp_path: Path
) -> None:
    https, _http, crt = proxy
    path = provision_file(hub, tmp_path / "p.renshe", hub_url=https)
    env = app_env(tmp_path / "home")
    refused = run_app(artefacts.executable, "provision", str(path), env=env)
    assert refused.returncode == 2 and "SSLError" in refused.stderr  # not trusted by default
    env["REQUESTS_CA_BUNDLE"] = str(crt)
    done = run_app(artefacts.executable, "provision", str(path), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"hub {https}" in done.stdout


def _units(work: Path) -> list[Path]:
    """The units with their paths pointing at this checkout (the files must exist)."""
    replacements = {
        "/opt/renshe-hub/venv/bin/renshe-hub": str(ROOT / ".venv" / "bin" / "renshe-hub"),
        "/opt/renshe-hub/bin/renshe-hub-backup": str(HUB_FILES / "bin" / "renshe-hub-backup"),
        "/etc/renshe-hub/renshe-hub.env": str(work / "renshe-hub.env"),
    }
    shutil.copy(HUB_FILES / "systemd" / "renshe-hub.env", work / "renshe-hub.env")
    units = []
    for unit in sorted((HUB_FILES / "systemd").glob("*.*")):
        if unit.suffix not in (".service", ".timer"):
            continue
        text = unit.read_text(encoding="utf-8")
        for old, new in replacements.items():
            text = text.replace(old, new)
        (work / unit.name).write_text(text, encoding="utf-8")
        units.append(work / unit.name)
    return units


def test_the_systemd_units_verify(tmp_path: Path) -> None:
    tool = need_tool("systemd-analyze", "systemd")
    units = _units(tmp_path)
    assert {u.name for u in units} == {
        "renshe-hub.service",
        "renshe-hub-backup.service",
        "renshe-hub-backup.timer",
    }
    done = subprocess.run(
        [tool, "verify", *map(str, units)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_env_file_names_what_the_hub_reads() -> None:
    env = (HUB_FILES / "systemd" / "renshe-hub.env").read_text(encoding="utf-8")
    names = set(re.findall(r"^([A-Z_]+)=", env, re.MULTILINE))
    assert {"RENSHE_HUB_DATABASE", "RENSHE_HUB_WORKERS", "RENSHE_HUB_PUBLIC_URL"} <= names
    for name in names - {"RENSHE_BACKUP_DIR", "RENSHE_BACKUP_KEEP_DAYS"}:
        assert any(name in p.read_text() for p in (ROOT / "hub_sync").rglob("*.py")), name


def test_the_scripts_pass_shellcheck() -> None:
    tool = need_tool("shellcheck", "shellcheck")
    scripts = sorted((HUB_FILES / "bin").iterdir())
    assert scripts and all(os.access(s, os.X_OK) for s in scripts)
    done = subprocess.run([tool, *map(str, scripts)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
