"""Alembic environment: the URL comes from app.config (or `-x url=...`), the metadata from app.models."""
from alembic import context
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables)
from app.db import get_engine

config = context.config
url = context.get_x_argument(as_dictionary=True).get("url") or config.attributes.get("url")
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = get_engine(url) if url else get_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
