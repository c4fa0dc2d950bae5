"""Languages of the UI: Chinese by default, English selectable, through Qt translations.

The source strings in the code are Chinese (``self.tr("登录 (Enter)")``,
``QCoreApplication.translate("SyncStatusWidget", "正在同步…")``); a context is the class
name ``tr`` uses, or the name given to ``translate``. English comes from the Qt Linguist
source ``resources/i18n/renshe_en.ts`` (``$RENSHE_RESOURCES/i18n`` when that is set).

The ``.ts`` is read as it is, by :class:`TsTranslator`, instead of being compiled to a
``.qm``: there is no binary to keep in step with its source, and no ``lrelease`` is
needed where the station runs (a frozen build has none). The file stays a standard
Linguist file (``pyside6-lupdate`` updates it, Qt Linguist edits it; a test checks that
``pyside6-lrelease`` compiles it to the same translations). For Chinese, Qt's own
``qtbase_zh_CN.qm`` (shipped with PySide6) translates Qt's built-in texts (确定, 取消,
the line-edit menu …).

The language is chosen at start, before any window is built: ``RENSHE_LANG=en`` (or
``en_US``, ``en_GB``) for English, anything else or nothing for Chinese.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station_client.reference import RESOURCES_ENV

log = logging.getLogger("renshe.ui")

LANGUAGE_ENV = "RENSHE_LANG"


class Language(StrEnum):
    ZH_CN = "zh_CN"
    EN = "en"


_LOCALES = {
    Language.ZH_CN: QLocale(QLocale.Language.Chinese, QLocale.Country.China),
    Language.EN: QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}
_current = Language.ZH_CN
_installed: list[QTranslator] = []  # kept alive while installed (Qt does not own them)


def chosen_language(value: str | None = None) -> Language:
    """The language named by ``value``, else by ``$RENSHE_LANG``; Chinese by default."""
    name = (value if value is not None else os.environ.get(LANGUAGE_ENV, "")).strip()
    if name.lower().replace("-", "_").split("_")[0] == "en":
        return Language.EN
    if name and not name.lower().startswith("zh"):
        log.warning("unknown language %r: using Chinese", name)
    return Language.ZH_CN


def current_language() -> Language:
    """The language installed last (data with zh/en names picks its name by it)."""
    return _current


def localized(zh: str, en: str | None) -> str:
    """Data named in both languages (code tables, the catalogue: ``zh`` / ``en`` in the
    reference bundle) in the language of the screen; the Chinese when there is no English."""
    return en if en and _current is Language.EN else zh


def gap() -> str:
    """What separates the parts of a line: a full-width space in Chinese, two spaces in
    English (a full-width space in English text shows as a stray wide gap)."""
    return "  " if _current is Language.EN else "\u3000"


def data_language() -> str:
    """``"en"`` or ``"zh"``: the language the store names codes in for this screen (the
    store does not import Qt, so it is told)."""
    return "en" if _current is Language.EN else "zh"


def phrase_text(context: str, text_zh: str, values: Iterable[tuple[str, object]] = ()) -> str:
    """Words made below the UI (a Chinese text with ``{name}`` placeholders, and their
    values: :class:`~station_client.rules.phrases.Phrase`) in the language of the screen:
    the text translated in ``context``, then filled in."""
    return QCoreApplication.translate(context, text_zh).format(**dict(values))


def translations_dir() -> Path:
    override = os.environ.get(RESOURCES_ENV)
    base = Path(override) if override else Path(__file__).resolve().parents[2] / "resources"
    return base / "i18n"


def ts_path(language: Language) -> Path:
    return translations_dir() / f"renshe_{language.value}.ts"


class TsTranslator(QTranslator):
    """A translator reading a Qt Linguist ``.ts`` file: finished messages only
    (``unfinished``, ``vanished`` and ``obsolete`` ones are left to the source text)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.messages = read_ts(path)

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        found = self.messages.get((context, source, disambiguation or ""))
        if found is None and disambiguation:
            found = self.messages.get((context, source, ""))
        # None, not "": Qt goes on to the source text only for a null string, and an
        # empty Python string arrives as an empty, non-null one (the text would vanish).
        return found or None

    def isEmpty(self) -> bool:
        return not self.messages

    def language(self) -> str:
        return "en"


def read_ts(path: Path) -> dict[tuple[str, str, str], str]:
    """``(context, source, comment) → translation`` of the finished messages of ``path``."""
    root = ET.parse(path).getroot()
    out: dict[tuple[str, str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in {
                "unfinished",
                "vanished",
                "obsolete",
            }:
                continue
            source = message.findtext("source") or ""
            comment = message.findtext("comment") or ""
            if translation.text:
                out[(name, source, comment)] = translation.text
    return out


def install_translations(app: QCoreApplication, language: Language | str | None = None) -> Language:
    """Install the translators of ``language`` (default: :func:`chosen_language`) on
    ``app``, replacing any installed before. Call before building windows: texts are
    translated when a widget sets them. A missing or unreadable English file is logged
    and the UI stays Chinese."""
    global _current
    chosen = language if isinstance(language, Language) else chosen_language(language)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if chosen is Language.ZH_CN:
        qt_own = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load("qtbase_zh_CN", folder):
            _installed.append(qt_own)
    else:
        path = ts_path(chosen)
        try:
            _installed.append(TsTranslator(path))
        except (OSError, ET.ParseError) as e:
            log.error("translations %s not loaded (%s): the UI stays Chinese", path, e)
            chosen = Language.ZH_CN
    for translator in _installed:
        app.installTranslator(translator)
    QLocale.setDefault(_LOCALES[chosen])
    _current = chosen
    return chosen


def error_text(error: Exception) -> str | None:
    """An error's message for the clerk, in the language of the screen (our errors carry
    both; others have neither)."""
    attribute = "message_en" if current_language() == Language.EN else "message_zh"
    text = getattr(error, attribute, None)
    return str(text) if text else None
