"""Citra's own exceptions: raised by the library, translated to one readable line at the edge."""


class CitraError(Exception):
    """Base class: the message is meant for the person using Citra, not for a traceback."""


class IngestError(CitraError):
    """A file could not be imported (unreadable, unknown layout, over a limit...)."""

    def __init__(self, message: str, *, file_name: str | None = None, row: int | None = None):
        self.file_name = file_name
        self.row = row
        where = []
        if file_name:
            where.append(file_name)
        if row is not None:
            where.append(f"row {row}")
        prefix = f"{', '.join(where)}: " if where else ""
        super().__init__(prefix + message)
        self.detail = message

    def __reduce__(self):
        # keyword-only fields survive pickling (an import's reader process sends its errors)
        return (_ingest_error, (self.detail, self.file_name, self.row))


def _ingest_error(message: str, file_name: str | None, row: int | None) -> IngestError:
    return IngestError(message, file_name=file_name, row=row)


class StoreError(CitraError):
    """The store cannot be opened or is in an unexpected state."""


class NewsImportError(CitraError):
    """News could not be fetched (offline, rate-limited, bad response)."""


class EventError(CitraError):
    """An event is invalid (bad date, category, missing title) or the timeline file is broken."""
