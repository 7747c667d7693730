"""``AppContext``: what windows and commands are handed instead of reaching for globals
(git-cola habit): the database, the form catalogue, the unit tree, the user and the settings."""

from __future__ import annotations

import getpass
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms.model import Form
    from forms.units import UnitTree
    from storage.database import Database


_log = logging.getLogger(__name__)


def current_user() -> str:
    try:
        return os.environ.get("BIEUMAU_USER") or getpass.getuser()
    except Exception:
        return "nguoi-dung"


MY_UNIT = "my_unit"


class Settings:
    """Small JSON settings file beside the database (last place worked on, language, my unit)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._data = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._data[key] = value
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self._data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)


@dataclass
class AppContext:
    db: Database
    catalogue: dict[str, Form]
    units: UnitTree
    settings: Settings
    user: str = field(default_factory=current_user)
    lang: str = "vi"

    def my_unit(self) -> str | None:
        """The unit the user works for ("đơn vị của tôi"): it decides whose forms they may approve.
        None until chosen, or when the chosen code is not in this database's unit list."""
        code = self.settings.get(MY_UNIT)
        return code if isinstance(code, str) and code in self.units else None

    def set_my_unit(self, code: str) -> None:
        self.units[code]  # refuse a code that is not in the unit list
        self.settings.set(MY_UNIT, code)

    def form(self, form_id: str) -> Form:
        return self.catalogue[form_id]

    def reload_units(self) -> None:
        from storage.units import load_unit_tree

        self.units = load_unit_tree(self.db)


def resolve_db_target(target: str | None) -> str | Path:
    """``--db``: a SQLAlchemy URL as given, a path as SQLite; none → the user data folder."""
    if target:
        return target if "://" in target else Path(target)
    from operations.paths import default_database_path

    return default_database_path()


def open_context(db_target: str | None, *, seed_demo: bool = True, lang: str = "vi", create: bool = True) -> AppContext:
    """Open (and on first use, fill with the demo province) the database and load the catalogue;
    with ``create`` false a missing database file is refused instead of created."""
    from forms.definitions import load_catalogue
    from operations.demo import seed_demo_if_empty
    from operations.paths import data_dir
    from storage.database import open_database
    from storage.units import load_unit_tree

    user = current_user()
    db = open_database(resolve_db_target(db_target), user=user, create=create)
    catalogue = load_catalogue(check_expression=_syntax_checker(), cache_dir=data_dir() / "cache" / "forms")
    settings = Settings(data_dir() / "settings.json")
    if seed_demo:
        seed_demo_if_empty(db, catalogue, user=user, settings=settings)
    for form_id, stored in _stored_forms(db, catalogue).items():
        bundled = catalogue.get(form_id)
        if bundled is None or stored.version > bundled.version:
            catalogue[form_id] = stored  # an administrator loaded a newer definition into this database
    return AppContext(db, catalogue, load_unit_tree(db), settings, user, lang)


def _stored_forms(db, catalogue: dict[str, Form]) -> dict[str, Form]:
    """The newest stored definitions that can be used. One that is refused — a limit of forms/limits.py
    it now breaks, in its structure or in a rule — never stops the app: it is left out with its reason in
    the log, that form keeps its bundled version, and opening the stored version refuses with the reason."""
    from forms.errors import BieumauError
    from storage.forms import latest_stored_forms, stored_form, stored_versions

    try:
        found = latest_stored_forms(db, newer_than={i: f.version for i, f in catalogue.items()})
    except BieumauError:
        found = {}
        for form_id in catalogue:
            versions = stored_versions(db, form_id)
            try:
                if versions:
                    found[form_id] = stored_form(db, form_id, versions[-1])
            except BieumauError as exc:
                _log.warning("stored definition of %s refused: %s", form_id, exc.message)
    usable: dict[str, Form] = {}
    for form_id, form in found.items():
        try:
            _check_rules(form)
        except BieumauError as exc:
            _log.warning("stored definition of %s refused: %s", form_id, exc.message)
            continue
        usable[form_id] = form
    return usable


def _check_rules(form: Form) -> None:
    from validators.program import Program

    Program.of(form)


def _syntax_checker():
    from validators.expressions import syntax_problem

    return syntax_problem
