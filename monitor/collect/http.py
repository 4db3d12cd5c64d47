"""The edge: GET requests to an API, retried by urllib3, answered as plain data.

``Client`` is all a walker needs (``get(path, params) -> Reply``), so tests point a real
``HttpClient`` at a local server, or hand a walker any object with that method. ``HttpClient``
is a ``requests.Session`` with urllib3's ``Retry`` mounted: connection errors, read errors and
HTTP 500/502/503/504 are retried with exponential backoff, honouring ``Retry-After``; after the
last try the answer (or the failure) is returned as it is and the walker decides what it means.
Credentials travel only as request headers (never in a URL, so never in a log line or an
exception's text that names the URL).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from monitor.collect.base import Stop

RETRY_STATUSES = (500, 502, 503, 504)
RETRIES = 5  # tries after the first
BACKOFF = 1.0  # seconds: 0, 2, 4, 8, 16 between tries (urllib3 2)
BACKOFF_MAX = 60.0
TIMEOUT = (10.0, 60.0)  # connect, read (seconds)
USER_AGENT = "Citra reputation monitor"


@dataclass(frozen=True)
class Reply:
    """One answer: the status, the headers (names lower-cased) and the decoded JSON body (None
    when the body is not JSON)."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None


class Client(Protocol):
    """What a walker calls: a GET of ``path`` (below the API's base) with query ``params``."""

    def get(self, path: str, params: Mapping[str, str | int]) -> Reply: ...


def retry_policy(backoff: float = BACKOFF, retries: int = RETRIES) -> Retry:
    """urllib3's retry rule for every request of a pull."""
    return Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        backoff_max=BACKOFF_MAX,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer comes back; the walker reads its error
    )


class HttpClient:
    """GETs below ``base`` with fixed ``headers`` (the credential), retried by ``retry``."""

    def __init__(
        self,
        base: str,
        headers: Mapping[str, str],
        *,
        name: str,
        retry: Retry | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.base = base.rstrip("/")
        self.name = name  # the API, for messages
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, **headers})
        adapter = HTTPAdapter(max_retries=retry or retry_policy())
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __repr__(self) -> str:  # never the headers
        return f"HttpClient({self.base!r})"

    def get(self, path: str, params: Mapping[str, str | int]) -> Reply:
        """The answer to one GET; a network failure that outlived the retries is a ``Stop``
        (what was fetched so far is kept)."""
        url = f"{self.base}/{path.lstrip('/')}"
        try:
            response = self.session.get(url, params=dict(params), timeout=self.timeout)
        except requests.RequestException as exc:
            # the exception's text names the URL, never a credential (headers only); the path
            # alone is said, the query left out
            raise Stop(
                f"{self.name} could not be reached after {RETRIES + 1} tries "
                f"({type(exc).__name__} on /{path.lstrip('/')})"
            ) from None
        try:
            body = response.json()
        except (ValueError, json.JSONDecodeError):
            body = None
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Reply(status=response.status_code, headers=headers, body=body)

    def close(self) -> None:
        self.session.close()
