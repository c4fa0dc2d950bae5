"""The work behind the counter window, as plain functions run on worker threads.

Nothing here touches a widget: each function takes what it needs and returns plain
values for the window's callbacks.
"""

from __future__ import annotations

from station_client.devices.crosscheck import CardCheck, check_presented
from station_client.devices.events import IdentityPresented
from station_client.rules.codes import Role
from station_client.store import Store
from station_client.store.actor import Actor
from station_client.store.person_file import PersonFile, open_person_file
from station_client.store.search import PersonHit, search_persons


def find(store: Store, query: str, limit: int = 20) -> list[PersonHit]:
    with store.engine.connect() as conn:
        return search_persons(conn, query, limit=limit)


def open_file(store: Store, actor: Actor, role: Role, person_id: str) -> PersonFile:
    return open_person_file(store, actor, role, person_id)


def check_card(store: Store, identity: IdentityPresented) -> CardCheck:
    return check_presented(store, identity)
