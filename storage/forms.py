"""Form definitions stored with the values, by id and version, so old data stays readable after a form changes."""

from __future__ import annotations

import json
from collections.abc import Mapping

import sqlalchemy as sa

from forms.definitions import build_form
from forms.errors import BieumauError
from forms.messages import Msg
from forms.model import Form
from storage.database import AccessError, Database, Session
from storage.schema import forms, utcnow
from storage.server_rules import may_write_forms


def _definition_text(form: Form) -> str:
    return json.dumps(form.definition, sort_keys=True, ensure_ascii=False, default=str)


def register_form(db: Database, form: Form) -> None:
    """Store the definition of ``form``; a second call with the same content does nothing, with other content is refused."""
    key = (form.id, form.version, form.checksum)
    if key in db.registered_forms:
        return
    with db.session() as session:
        _register(session, form)
    db.registered_forms.add(key)


def _register(session: Session, form: Form) -> None:
    row = session.execute(
        sa.select(forms.c.checksum).where(forms.c.form_id == form.id, forms.c.version == form.version)
    ).first()
    if row is None:
        if not may_write_forms(session):
            raise AccessError(Msg("forms.not_on_server", form=form.id, version=form.version), "form_not_on_server")
        session.execute(
            forms.insert().values(
                form_id=form.id,
                version=form.version,
                checksum=form.checksum,
                definition=_definition_text(form),
                registered_at=utcnow(),
            )
        )
    elif row.checksum != form.checksum:
        raise BieumauError(Msg("forms.version_clash", form=form.id, version=form.version), "form_version_clash")


def stored_form(db: Database, form_id: str, version: int) -> Form:
    with db.session(write=False) as session:
        text = session.execute(
            sa.select(forms.c.definition).where(forms.c.form_id == form_id, forms.c.version == version)
        ).scalar()
    if text is None:
        raise BieumauError(Msg("forms.not_stored", form=form_id, version=version), "unknown_form")
    return build_form(json.loads(text), f"{form_id}@{version}")


def stored_versions(db: Database, form_id: str) -> list[int]:
    with db.session(write=False) as session:
        return list(
            session.execute(
                sa.select(forms.c.version).where(forms.c.form_id == form_id).order_by(forms.c.version)
            ).scalars()
        )


def latest_stored_forms(db: Database, newer_than: Mapping[str, int] | None = None) -> dict[str, Form]:
    """The newest stored version of every form: definitions loaded into the app (a form updated
    from a file by the administrator) must still be there after a restart.

    With ``newer_than`` (form id → version already at hand, the bundled catalogue), only definitions
    newer than that are built: checking a definition is most of the cost of opening the app, and one the
    bundle already holds would be thrown away."""
    newest = (
        sa.select(forms.c.form_id, sa.func.max(forms.c.version).label("version"))
        .group_by(forms.c.form_id)
        .subquery()
    )
    with db.session(write=False) as session:
        rows = session.execute(
            sa.select(forms.c.form_id, forms.c.version, forms.c.definition).join(
                newest, sa.and_(forms.c.form_id == newest.c.form_id, forms.c.version == newest.c.version)
            )
        ).all()
    known = newer_than or {}
    return {
        row.form_id: build_form(json.loads(row.definition), row.form_id)
        for row in rows
        if row.form_id not in known or row.version > known[row.form_id]
    }
