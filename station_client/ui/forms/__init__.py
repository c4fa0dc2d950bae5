"""Recording services and registering people at the counter.

``attach(window)`` adds "办理业务 (F6)" to the person on screen (pick the catalogue item,
then fill its form), opens the registration of someone new when a card nobody here
or, when online, anywhere in the city knows is presented (prefilled from the card;
Ctrl+N opens it by hand), and shows a
confirmation line after each save. The forms are built from the store's specs
(:mod:`station_client.store.service_specs`) and saved through Operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel

from station_client.devices.events import IdentityPresented
from station_client.reference import ReferenceBundle
from station_client.rules.tickets import TicketStatus
from station_client.store.person_file import PersonFile
from station_client.store.service_specs import PERSON_FIELDS
from station_client.store.services import (
    Registered,
    ServiceResult,
    form_items,
    person_prefill,
    prefill,
    record_service,
    register_person,
    spec_for,
    station_today,
)
from station_client.sync.login import CityPerson, city_lookup

from .form import RecordForm
from .picker import CataloguePicker, describe, item_name

if TYPE_CHECKING:
    from ..main_window import CounterWindow

__all__ = ["CataloguePicker", "RecordForm", "ServiceForms", "attach"]

REGISTER_KEYS = "Ctrl+N"


def tr(text: str) -> str:
    return QCoreApplication.translate("Forms", text)


class ServiceForms(QObject):
    """The counter's forms: at most one open at a time, hidden while the screen is locked."""

    def __init__(self, window: CounterWindow) -> None:
        super().__init__(window)
        self.setObjectName("serviceForms")
        self.window = window
        self.form: RecordForm | None = None
        self.picker: CataloguePicker | None = None
        self.confirmation = QLabel("")
        self.confirmation.setObjectName("formConfirmation")
        self.confirmation.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.confirmation.setWordWrap(True)
        window.actions_bar.addWidget(self.confirmation, 1)
        window.search.textChanged.connect(self.clear_confirmation)  # typing, cards, scans
        window.results.itemActivated.connect(self.clear_confirmation)
        window.personal_data_cleared.connect(self.close_all)
        window.pages.currentChanged.connect(self._page_changed)
        QShortcut(QKeySequence(REGISTER_KEYS), window).activated.connect(self.register_typed)

    # -- choosing and filling a service ----------------------------------------------
    def choose_service(self, file: PersonFile) -> None:
        if self.form is not None and self.form.busy:
            return
        picker = CataloguePicker(
            self.window, form_items(self.window.context.store.reference()), file.name
        )
        picker.chosen.connect(lambda code: self.open_service(code, file))
        picker.finished.connect(lambda _result: self._forget_picker(picker))
        self.picker = picker
        picker.open()
        picker.activateWindow()

    def open_service(self, code: str, file: PersonFile) -> RecordForm:
        store, actor, person_id = self.window.context.store, self.window.actor, file.person_id
        bundle = store.reference()
        item = bundle.catalogue.item(code)
        form = RecordForm(
            self.window,
            self.window.operations,
            title=item_name(item),
            subtitle=QCoreApplication.translate("Forms", "{name}　{item}").format(
                name=file.name, item=describe(item)
            ),
            fields=spec_for(code).fields,
            bundle=bundle,
            values=prefill(code, file, self.window.role, station_today(store)),
            submit=lambda values: record_service(store, actor, code, person_id, values),
        )
        form.saved.connect(self._service_saved)
        return self._show(form)

    def _service_saved(self, result: ServiceResult) -> None:
        self.window.refresh_file()
        self.confirm(confirmation(result, self.window.context.store.reference()))

    # -- registering someone new -----------------------------------------------------
    def card_unknown(self, identity: IdentityPresented) -> None:
        """A card nobody at this station knows: when online, ask the hub whether the city
        knows the person (a second registration would be a duplicate); if not, or if the
        hub cannot be asked, open the registration prefilled from the card."""
        session, store = self.window.session, self.window.context.store
        if session is None or session.token is None:
            self.register(identity)
            return
        self.window.operations.run(
            lambda: city_lookup(store, session, identity.id_number),
            lambda found: self._looked_up(identity, found),
            lambda _error: self._lookup_failed(identity),
        )

    def _lookup_failed(self, identity: IdentityPresented) -> None:
        self.register(identity, QCoreApplication.translate("Forms", "未能查询全市档案，"))

    def _looked_up(self, identity: IdentityPresented, found: list[CityPerson]) -> None:
        if not found:
            self.register(identity)
            return
        self.window.notice.setText(
            QCoreApplication.translate(
                "Forms", "{0}（{1}）已在全市人员档案中，请勿重复登记。"
            ).format(identity.name, identity.id_number[-4:])
        )

    def register(
        self, identity: IdentityPresented | None = None, caution: str = ""
    ) -> RecordForm | None:
        """The registration form, prefilled from the card presented (if any)."""
        if self.form is not None and (self.form.busy or self.form.objectName() != "registration"):
            return None  # a matter being recorded is not thrown away for a card
        store, actor = self.window.context.store, self.window.actor
        source = (
            QCoreApplication.translate("Forms", "信息取自卡片，请核对并补充")
            if identity
            else QCoreApplication.translate("Forms", "请录入证件上的信息")
        )
        form = RecordForm(
            self.window,
            self.window.operations,
            title=QCoreApplication.translate("Forms", "新人员登记"),
            subtitle=caution + source,
            fields=PERSON_FIELDS,
            bundle=store.reference(),
            values=person_prefill(identity) if identity else {},
            submit=lambda values: register_person(store, actor, values),
        )
        form.setObjectName("registration")
        form.saved.connect(self._registered)
        return self._show(form)

    def register_typed(self) -> None:
        """Ctrl+N: register someone new, with the ID number typed in the search box."""
        if (
            self.window.session is None
            or self.window.pages.currentWidget() is not self.window.work_page
        ):
            return
        form = self.register()
        text = self.window.search.text().strip().upper()
        if form is not None and self.window.looks_like_id(text):
            form.editors["citizen_id"].set_value(text)

    def _registered(self, registered: Registered) -> None:
        self.window.open_person(registered.person_id)
        self.confirm(
            QCoreApplication.translate("Forms", "已登记：{0}。按 F6 为其办理业务。").format(
                registered.name
            )
        )

    # -- the forms on screen ---------------------------------------------------------
    def _show(self, form: RecordForm) -> RecordForm:
        if self.form is not None:
            self.form.discard()
        self.form = form
        form.finished.connect(lambda _result: self._forget(form))
        form.open()
        form.activateWindow()
        return form

    def _forget(self, form: RecordForm) -> None:
        if self.form is form:
            self.form = None

    def _forget_picker(self, picker: CataloguePicker) -> None:
        if self.picker is picker:
            self.picker = None

    def _page_changed(self, _index: int) -> None:
        """Locked (or logged out): hide the form; unlocked: the same clerk goes on."""
        working = self.window.pages.currentWidget() is self.window.work_page
        if self.picker is not None and not working:
            self.picker.reject()
        if self.form is not None:
            self.form.setVisible(working)

    def close_all(self) -> None:
        """Switch user: nothing the last clerk typed stays, saved or not."""
        if self.picker is not None:
            self.picker.reject()
        if self.form is not None:
            self.form.discard()
            self.form = None
        self.clear_confirmation()

    def confirm(self, text: str) -> None:
        self.confirmation.setText("✔ " + text)

    def clear_confirmation(self) -> None:
        self.confirmation.clear()


def confirmation(result: ServiceResult, bundle: ReferenceBundle) -> str:
    """The line shown after a save (the store's ``message_zh``, in the screen's language)."""
    code = result.catalogue_code
    name = item_name(bundle.catalogue.item(code)) if code in bundle.catalogue else result.item_zh
    if result.status is TicketStatus.COMPLETED:
        return QCoreApplication.translate("Forms", "{item}已办结，受理单号 {ticket_no}").format(
            item=name, ticket_no=result.ticket_no
        )
    if result.due_on:
        return QCoreApplication.translate(
            "Forms", "{item}已受理，受理单号 {ticket_no}，应于 {due_on} 前办结"
        ).format(item=name, ticket_no=result.ticket_no, due_on=result.due_on)
    return QCoreApplication.translate("Forms", "{item}已受理，受理单号 {ticket_no}").format(
        item=name, ticket_no=result.ticket_no
    )


def attach(window: CounterWindow) -> None:
    """Wire the forms into the counter window: F6, card registration, Ctrl+N. Attaching
    twice changes nothing (two F6 keys would cancel each other out)."""
    if window.findChild(ServiceForms) is not None:
        return
    forms = ServiceForms(window)
    window.add_file_action(
        QCoreApplication.translate("Forms", "办理业务"), "F6", forms.choose_service
    )
    window.register_requested.connect(forms.card_unknown)
