"""Screenshots of the main screens, taken from a real X server (Xvfb).

The test starts a hub on loopback and a private Xvfb, then runs the real counter app in
a subprocess on that display (platform ``xcb``): this module, run with ``python -m``, is
that subprocess. It shows the login screen, logs a clerk in, taps a simulated card so
the person's file opens, opens the information screen (in Chinese, then in English), and
saves what the X server shows of each window (``QScreen.grabWindow``; ``QWidget.grab``
for a window larger than the screen) as PNG files in
``test-artifacts/screenshots/``. The test then checks each picture has the window's size
and real content, and that Chinese is drawn with real glyphs (two different characters
render differently; missing-glyph boxes would not).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
SHOTS = ("login", "person_file", "info_screen", "info_screen_en")
PASSWORD = "screenshot-pass-1"
SCREEN = (1024, 768)  # the size xvfb_display() gives its screen


def test_screenshots_of_the_main_screens(tmp_path: Path) -> None:
    from hub_sync.model import utc_now
    from hub_sync.server import staff as hub_staff

    from ..hubserver import running_hub
    from .x11_harness import xvfb_display

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in SHOTS:
        (ARTIFACTS / f"{name}.png").unlink(missing_ok=True)
    with xvfb_display() as display, running_hub(f"sqlite:///{tmp_path / 'hub.db'}") as hub:
        with hub.engine.begin() as conn:
            hub_staff.add_staff(
                conn,
                username="wangfang",
                full_name="王芳",
                role="clerk",
                area_code="320115",
                password=PASSWORD,
                now=utc_now(),
            )
        job = {
            "hub": hub.url,
            "code": hub.add_station("320115001001", "东山街道中前社区服务站"),
            "username": "wangfang",
            "data": str(tmp_path / "station"),
            "out": str(ARTIFACTS),
            "glyphs": str(tmp_path),
        }
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("RENSHE_LANG", None)
        run = subprocess.run(
            [sys.executable, "-m", "tests.ui.test_screenshots", json.dumps(job)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert run.returncode == 0, f"stdout: {run.stdout}\nstderr: {run.stderr[-3000:]}"
    sizes = json.loads(run.stdout.strip().splitlines()[-1])

    for name in SHOTS:
        with Image.open(ARTIFACTS / f"{name}.png") as image:
            assert image.size == tuple(sizes[name]), name
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
            assert len(colours) > 50, f"{name} is nearly blank ({len(colours)} colours)"
    assert tuple(sizes["info_screen"]) == tuple(sizes["info_screen_en"]) == SCREEN  # full screen
    # The counter's pictures are its whole window (which may outgrow a small screen).
    assert sizes["login"] == sizes["person_file"] == sizes["window"]

    # Chinese is drawn with real glyphs in a CJK font, not as missing-glyph boxes.
    assert "CJK" in sizes["font"], sizes["font"]
    with Image.open(tmp_path / "glyph_a.png") as a, Image.open(tmp_path / "glyph_b.png") as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is not None
    with Image.open(tmp_path / "title.png") as title, Image.open(tmp_path / "empty.png") as empty:
        assert ImageChops.difference(title.convert("RGB"), empty.convert("RGB")).getbbox()


# --------------------------------------------------------------- the app, in a subprocess
def _station(job: dict[str, Any]) -> tuple[Any, Any]:
    """A station store enrolled with the test's hub, with a person, an employer and some
    vacancies; returns the store and the simulated card that belongs to the person."""
    from hub_sync.model import JobSeekerRegistration, Vacancy
    from station_client.devices.sscard.simulator import SocialSecurityCardSimulator
    from station_client.reference import default_bundle_dir, load_bundle
    from station_client.rules.uscc import make_uscc
    from station_client.store import Actor, Store
    from station_client.store.info_feed import station_day
    from station_client.store.records import create
    from station_client.sync import enrol

    reference = load_bundle(default_bundle_dir())
    store = Store.create(Path(job["data"]), secrets.token_bytes(32), lambda: reference)
    enrol(store, job["hub"], job["code"], "test")
    seen: list[Any] = []
    SocialSecurityCardSimulator(seen.append).insert(0)
    card = next(e for e in seen if hasattr(e, "id_number"))
    actor = Actor(station_id="screenshots", staff_id=None)
    today = station_day(store)
    jobs = [
        ("仓库管理员", 4000, 6000, 2, "320115001001"),
        ("叉车司机", 5000, 7500, 3, "320115001002"),
        ("电子装配工", 4200, 5200, 20, "320115002001"),
        ("保洁员", 2800, None, 4, None),
        ("社区网格员", 3500, 4500, 1, "320115001003"),
        ("数控车工", 6000, 9000, 2, "320115003001"),
    ]
    with store.transaction() as s:
        person = store.persons.register(
            s,
            actor,
            {
                "citizen_id": card.id_number,
                "name": card.name,
                "sex": card.sex,
                "birth_date": card.birth_date,
                "phone": "13912345678",
                "ethnicity": "01",
                "education": "20",
                "residence_division": "320115001001",
                "address": "江苏省南京市江宁区东山街道中前社区",
            },
        )
        values = {"person_id": person.id, "registered_on": today - timedelta(days=20)}
        values |= {"intended_occupation": "4-02", "expected_wage": 5000, "status": "active"}
        create(s, actor, store.clock(), JobSeekerRegistration, values)
        employer = store.employers.register(
            s,
            actor,
            {
                "uscc": make_uscc("320115", 7),
                "name": "南京华瑞物流有限公司",
                "division_code": "320115002001",
                "contact_name": "王经理",
                "contact_phone": "025-52101234",
            },
        )
        for title, low, high, count, place in jobs:
            vacancy = {"employer_id": employer.id, "title": title, "headcount": count}
            vacancy |= {"wage_min": low, "wage_max": high, "location_division": place}
            vacancy |= {"valid_from": today - timedelta(days=10)}
            vacancy |= {"valid_until": today + timedelta(days=60)}
            create(s, actor, store.clock(), Vacancy, vacancy)
    return store, card


def _steps(job: dict[str, Any]) -> Iterator[Callable[[], bool]]:
    """The script: each yielded condition is waited for before going on."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    from station_client.devices.manager import DeviceSettings
    from station_client.store.info_feed import load_info_feed
    from station_client.ui.app import build_counter
    from station_client.ui.i18n import install_translations
    from station_client.ui.info_screen import InfoScreen, station_name

    store, card = _station(job)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translations(app, "zh_CN")
    counter = build_counter(app, store, DeviceSettings(simulated=True), sync_interval=3600)
    window = counter.window
    counter.start()
    window.setGeometry(0, 0, *SCREEN)
    sizes: dict[str, Any] = {}

    def shot(name: str, widget: QWidget) -> None:
        """What the X server shows of a window that fits the screen; Qt's own rendering
        of the whole window when it is larger than the screen."""
        fits = widget.width() <= SCREEN[0] and widget.height() <= SCREEN[1]
        picture = widget.screen().grabWindow(widget.winId()) if fits else widget.grab()
        assert picture.save(str(Path(job["out"]) / f"{name}.png"))
        sizes[name] = [picture.width(), picture.height()]

    def exposed(widget: QWidget) -> Callable[[], bool]:
        return lambda: widget.windowHandle() is not None and widget.windowHandle().isExposed()

    yield exposed(window)
    yield from _pause()
    shot("login", window)
    sizes["window"] = [window.width(), window.height()]
    heading = window.login.findChild(QLabel, "loginTitle")
    sizes["font"] = QFontInfo(heading.font()).family()
    original = heading.text()
    glyphs = Path(job["glyphs"])
    for text, name in (
        (original, "title"),
        ("", "empty"),
        ("人" * 6, "glyph_a"),
        ("社" * 6, "glyph_b"),
    ):
        heading.setText(text)
        heading.grab().save(str(glyphs / f"{name}.png"))
    heading.setText(original)

    window.login.username.setText(job["username"])
    window.login.password.setText(PASSWORD)
    window.login.submit()
    yield lambda: window.session is not None
    counter.devices.simulators["sscard"].insert(0)
    yield lambda: window.file_view.file is not None and window.file_view.file.name == card.name
    yield from _pause()
    shot("person_file", window)

    for language, name in (("zh_CN", "info_screen"), ("en", "info_screen_en")):
        install_translations(app, language)
        screen = InfoScreen(
            lambda: load_info_feed(store), counter.operations, station_name=station_name(store)
        )
        screen.setGeometry(0, 0, *SCREEN)
        screen.showFullScreen()
        yield lambda s=screen: s.feed is not None and exposed(s)()
        yield from _pause()
        shot(name, screen)
        screen.leave()
    install_translations(app, "zh_CN")
    counter.stop()
    print(json.dumps(sizes, ensure_ascii=False), flush=True)


def _pause(ms: int = 600) -> Iterator[Callable[[], bool]]:
    """Let the window paint (and the X server show it) before a picture is taken."""
    import time

    until = time.monotonic() + ms / 1000
    yield lambda: time.monotonic() >= until


def main(argv: list[str]) -> int:
    import time
    import traceback

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(argv[:1])
    steps = _steps(json.loads(argv[1]))
    state: dict[str, Any] = {"waiting": None, "deadline": 0.0, "code": 1}

    def tick() -> None:
        try:
            while state["waiting"] is None or state["waiting"]():
                state["waiting"] = next(steps)
                state["deadline"] = time.monotonic() + 60
        except StopIteration:
            state["code"] = 0
            app.quit()
            return
        except Exception:
            traceback.print_exc()
            app.quit()
            return
        if time.monotonic() > state["deadline"]:
            where = steps.gi_frame.f_lineno if steps.gi_frame else "?"
            print(f"timed out waiting at line {where}", file=sys.stderr)
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    app.exec()
    return int(state["code"])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
