"""Alembic environment: runs against the engine the application hands in.

From the command line, `alembic -x url=sqlite:///cohortbot.db upgrade head` also works.
"""

from alembic import context
from sqlalchemy import Connection, create_engine

from storage.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    engine = create_engine(context.get_x_argument(as_dictionary=True).get("url", "sqlite:///cohortbot.db"))


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """Batch mode rebuilds a table by dropping it, and with foreign keys on, SQLite's DROP TABLE
    deletes the rows that refer to it (ON DELETE CASCADE) first. The pragma is ignored inside a
    transaction, so it goes to the driver's own connection, which has none open yet.
    """
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(connection, on=False)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        _sqlite_foreign_keys(connection, on=True)
