"""Alembic's head creates exactly the tables app.models declares (no create_all anywhere)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401


def test_head_has_every_model_table(migrated_db):
    engine = create_engine(migrated_db)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_no_model_change_is_missing_a_migration(migrated_db):
    engine = create_engine(migrated_db)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == [], f"models differ from migrations; regenerate: {diff}"


def test_migrations_run_on_postgresql(postgres_db):
    engine = create_engine(postgres_db)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
