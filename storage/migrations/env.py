"""Alembic environment: runs on the connection (already in a locked transaction) the application hands in.

From the command line, `alembic -x url=sqlite:///cohortbot.db upgrade head` also works.
"""

from alembic import context
from sqlalchemy import Connection, create_engine

from storage.models import Base

config = context.config


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    run_migrations(given)  # storage.db.Database.migrate commits it
else:
    engine = create_engine(context.get_x_argument(as_dictionary=True).get("url", "sqlite:///cohortbot.db"))
    with engine.connect() as connection:
        run_migrations(connection)
        connection.commit()
