"""Alembic migrations for Citra's store (run by ``monitor.store.migrate.upgrade``)."""
