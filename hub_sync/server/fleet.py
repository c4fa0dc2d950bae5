"""Fleet health for district IT: every station's last sync and latest health report.

One query joins the stations with their latest health reports; the same rows feed the
fleet page (:mod:`.fleet_routes`, server-rendered HTML) and ``renshe-hub station list``.
A station is *quiet* when it is enrolled, not revoked, and has not been heard from for
longer than the threshold (``RENSHE_FLEET_QUIET_HOURS``, default 24): those are the ones
district IT should call.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from sqlalchemy import Connection, select

from .tables import hub_stations, station_health

QUIET_HOURS_ENV = "RENSHE_FLEET_QUIET_HOURS"
DEFAULT_QUIET = timedelta(hours=24)


@dataclass(frozen=True)
class FleetSettings:
    quiet_after: timedelta = DEFAULT_QUIET

    @classmethod
    def from_environment(cls) -> FleetSettings:
        hours = os.environ.get(QUIET_HOURS_ENV)
        if not hours:
            return cls()
        value = float(hours)
        if value <= 0:
            raise ValueError(f"{QUIET_HOURS_ENV} must be a positive number of hours")
        return cls(quiet_after=timedelta(hours=value))


@dataclass(frozen=True)
class Device:
    device: str
    state: str
    reason: str | None

    @property
    def failing(self) -> bool:
        return self.state in ("error", "disconnected")


@dataclass(frozen=True)
class FleetRow:
    id: str
    org_code: str
    name: str
    enrolled: bool
    revoked: bool
    last_sync_at: datetime | None  # the hub's last signed request from the station
    quiet: bool
    reported_at: datetime | None  # the latest health report; None: never reported
    outbox_backlog: int | None
    rejected_waiting: int | None
    conflicts_waiting: int | None
    client_version: str | None
    reference_version: int | None
    clock_offset_ms: int | None
    devices: tuple[Device, ...]
    frozen: tuple[str, ...]

    @property
    def status(self) -> str:
        if self.revoked:
            return "revoked"
        if not self.enrolled:
            return "not enrolled"
        if self.quiet:
            return "quiet"
        if self.frozen:
            return "frozen"
        return "ok"


def _devices(text: str | None) -> tuple[Device, ...]:
    if not text:
        return ()
    return tuple(Device(d["device"], d["state"], d.get("reason")) for d in json.loads(text))


def fleet_rows(conn: Connection, now: datetime, settings: FleetSettings) -> list[FleetRow]:
    """Every station with its latest report; quiet ones first, then by area and name."""
    s, h = hub_stations.c, station_health.c
    query = (
        select(
            s.id,
            s.org_code,
            s.name,
            s.public_key,
            s.revoked_at,
            s.last_contact_at,
            s.client_version.label("hello_version"),
            s.clock_offset_ms.label("hello_offset"),
            h.reported_at,
            h.outbox_backlog,
            h.rejected_waiting,
            h.conflicts_waiting,
            h.client_version,
            h.reference_version,
            h.clock_offset_ms,
            h.devices,
            h.frozen,
        )
        .select_from(hub_stations.outerjoin(station_health, h.station_id == s.id))
        .order_by(s.org_code, s.name, s.id)
    )
    quiet_before = now - settings.quiet_after
    rows = []
    for r in conn.execute(query):
        enrolled, revoked = r.public_key is not None, r.revoked_at is not None
        last = r.last_contact_at
        rows.append(
            FleetRow(
                id=r.id,
                org_code=r.org_code,
                name=r.name,
                enrolled=enrolled,
                revoked=revoked,
                last_sync_at=last,
                quiet=enrolled and not revoked and (last is None or last < quiet_before),
                reported_at=r.reported_at,
                outbox_backlog=r.outbox_backlog,
                rejected_waiting=r.rejected_waiting,
                conflicts_waiting=r.conflicts_waiting,
                client_version=r.client_version or r.hello_version,
                reference_version=r.reference_version,
                clock_offset_ms=(
                    r.clock_offset_ms if r.clock_offset_ms is not None else r.hello_offset
                ),
                devices=_devices(r.devices),
                frozen=tuple(json.loads(r.frozen)) if r.frozen else (),
            )
        )
    rows.sort(key=lambda row: not row.quiet)  # stable: area order kept within each group
    return rows


# ---------------------------------------------------------------------------- showing


def age(then: datetime | None, now: datetime) -> str:
    """``"3 d"``, ``"5 h"``, ``"12 min"``, ``"now"`` or ``"never"``."""
    if then is None:
        return "never"
    seconds = (now - then).total_seconds()
    if seconds >= 2 * 86400:
        return f"{seconds // 86400:.0f} d"
    if seconds >= 3600:
        return f"{seconds // 3600:.0f} h"
    if seconds >= 60:
        return f"{seconds // 60:.0f} min"
    return "now"


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _offset(ms: int | None) -> str:
    return "-" if ms is None else f"{ms / 1000:+.0f}s"


def _devices_text(devices: tuple[Device, ...]) -> str:
    if not devices:
        return "-"
    failing = [d for d in devices if d.failing]
    if not failing:
        return f"{len(devices)} ok"
    return ", ".join(f"{d.device}:{d.state}" for d in failing)


def text_lines(rows: list[FleetRow], now: datetime) -> list[str]:
    """``renshe-hub station list``: the fleet page's columns as plain text."""
    head = (
        f"{'station':36}  {'org':12}  {'last sync':16} {'age':>6}  {'backlog':>7}  "
        f"{'rejected':>8}  {'conflicts':>9}  {'client':10}  {'ref':>4}  {'clock':>7}  "
        f"{'status':12}  devices  name"
    )
    lines = [head]
    for r in rows:
        when = f"{r.last_sync_at:%Y-%m-%d %H:%M}" if r.last_sync_at else "never"
        status = r.status + (f" ({','.join(r.frozen)})" if r.frozen and not r.quiet else "")
        lines.append(
            f"{r.id:36}  {r.org_code:12}  {when:16} {age(r.last_sync_at, now):>6}  "
            f"{_count(r.outbox_backlog):>7}  {_count(r.rejected_waiting):>8}  "
            f"{_count(r.conflicts_waiting):>9}  {(r.client_version or '-'):10}  "
            f"{_count(r.reference_version):>4}  {_offset(r.clock_offset_ms):>7}  "
            f"{status:12}  {_devices_text(r.devices)}  {r.name}"
        )
    return lines


_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef2f6;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.quiet td{background:#fde2e1}
tr.quiet td.status{color:#a00;font-weight:bold}
tr.frozen td.status{color:#8a5a00;font-weight:bold}
tr.revoked td{color:#888}
.bad{color:#a00}
header{display:flex;justify-content:space-between;align-items:baseline}
"""

_COLUMNS = (
    ("站点 Station", ""),
    ("最近同步 Last sync", ""),
    ("待上传 Backlog", "n"),
    ("被退回 Rejected", "n"),
    ("冲突 Conflicts", "n"),
    ("软件 Client", ""),
    ("基础数据 Reference", "n"),
    ("时钟偏差 Clock", "n"),
    ("设备 Devices", ""),
    ("状态 Status", ""),
    ("报告 Reported", ""),
)
_STATUS_ZH = {
    "quiet": "⚠ 失联 quiet",
    "frozen": "暂停登记 frozen",
    "revoked": "已吊销 revoked",
    "not enrolled": "未注册 not enrolled",
    "ok": "正常 ok",
}


def _device_cells(devices: tuple[Device, ...]) -> str:
    if not devices:
        return "-"
    return "<br>".join(
        f'<span class="{"bad" if d.failing else ""}" title="{escape(d.reason or "")}">'
        f"{escape(d.device)}: {escape(d.state)}</span>"
        for d in devices
    )


def _row_html(r: FleetRow, now: datetime) -> str:
    when = f"{r.last_sync_at:%Y-%m-%d %H:%M}" if r.last_sync_at else "never"
    status = _STATUS_ZH[r.status]
    if r.frozen:
        status += "<br>" + escape(", ".join(r.frozen))
    cells = (
        f"{escape(r.name)}<br><small>{escape(r.org_code)} · {escape(r.id[-8:])}</small>",
        f"{when}<br><small>{age(r.last_sync_at, now)}</small>",
        _count(r.outbox_backlog),
        _count(r.rejected_waiting),
        _count(r.conflicts_waiting),
        escape(r.client_version or "-"),
        _count(r.reference_version),
        _offset(r.clock_offset_ms),
        _device_cells(r.devices),
        status,
        age(r.reported_at, now),
    )
    tds = "".join(
        f'<td class="{kind}{" status" if i == 9 else ""}">{cell}</td>'
        for i, ((_, kind), cell) in enumerate(zip(_COLUMNS, cells, strict=True))
    )
    return f'<tr class="{r.status.replace(" ", "-")}" id="st-{escape(r.id)}">{tds}</tr>'


def render_page(rows: list[FleetRow], now: datetime, settings: FleetSettings, who: str) -> str:
    """The fleet page as one HTML document (no script, no external resources)."""
    quiet = sum(r.quiet for r in rows)
    frozen = sum(bool(r.frozen) for r in rows)
    hours = settings.quiet_after.total_seconds() / 3600
    heads = "".join(f"<th>{title}</th>" for title, _ in _COLUMNS)
    body = "\n".join(_row_html(r, now) for r in rows)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>站点运行状况 Fleet health</title><style>{_STYLE}</style></head>
<body><header><h1>站点运行状况 Fleet health</h1>
<form method="post" action="/fleet/logout">{escape(who)}
<button type="submit">退出 Log out</button></form></header>
<p id="summary">{len(rows)} 个站点 stations · <strong class="bad">{quiet} 个失联 quiet</strong>
(超过 {hours:g} 小时未同步 no sync for over {hours:g} h) · {frozen} 个暂停登记 frozen ·
{now:%Y-%m-%d %H:%M} UTC</p>
<table><thead><tr>{heads}</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""


def render_login(message: str | None = None) -> str:
    notice = f'<p class="bad" role="alert">{escape(message)}</p>' if message else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>登录 Log in — 站点运行状况 Fleet health</title><style>{_STYLE}</style></head>
<body><h1>区信息科登录 District IT log in</h1>{notice}
<form method="post" action="/fleet/login">
<p><label>用户名 Username <input name="username" autocomplete="username" required></label></p>
<p><label>密码 Password <input name="password" type="password"
 autocomplete="current-password" required></label></p>
<p><button type="submit">登录 Log in</button></p></form></body></html>
"""
