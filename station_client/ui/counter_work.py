"""The work behind the counter window, as plain functions run on worker threads.

Nothing here touches a widget: each function takes what it needs and returns plain
values for the window's callbacks (translating text is safe on any thread).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from station_client.devices.crosscheck import CardCheck, check_presented
from station_client.devices.events import IdentityPresented
from station_client.rules.codes import Role
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.person_file import CHINESE, PersonFile, Wording, open_person_file
from station_client.store.search import PersonHit, search_persons

from .i18n import Language, current_language


def find(store: Store, query: str, limit: int = 20) -> list[PersonHit]:
    with store.engine.connect() as conn:
        return search_persons(conn, query, limit=limit)


def open_file(store: Store, actor: Actor, role: Role, person_id: str) -> PersonFile:
    return open_person_file(store, actor, role, person_id, wording=file_wording())


def file_word(text: str) -> str:
    """A Chinese word of a file in the screen's language: a form's label or fixed choice
    (translated in the forms' context), else the file's own words (its context)."""
    found = QCoreApplication.translate("Forms", text)
    return found if found != text else QCoreApplication.translate("PersonFile", text)


_ENGLISH_FILE = Wording("en", file_word)  # one value: the store caches names by wording


def file_wording() -> Wording:
    """How the store words a file for the screen: as it is in Chinese, else translated."""
    return CHINESE if current_language() is Language.ZH_CN else _ENGLISH_FILE


def check_card(store: Store, identity: IdentityPresented) -> CardCheck:
    return check_presented(store, identity)
