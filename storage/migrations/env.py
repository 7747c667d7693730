"""Alembic environment: runs on the connection handed over by ``storage.database`` (no alembic.ini)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from storage.schema import metadata

config = context.config
connection = config.attributes.get("connection")


def _run(conn: sa.Connection) -> None:
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # developer use: ``alembic -x url=...`` from the command line
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
