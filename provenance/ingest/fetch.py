"""Fetching inputs over HTTP: feeds polled every hour must cost nothing when unchanged.

A feed named by URL is asked for with the ``ETag`` and ``Last-Modified``
its server gave last time; a server that has nothing new answers
``304 Not Modified`` with no body. Failures a later attempt may not meet
(a timeout, a dropped connection, 429 and 5xx answers) are retried with
exponential back-off by urllib3's ``Retry``, which requests mounts on its
session; what still fails is a problem for this scan, and the feed is
asked again by the next one.

A ``Retry-After`` header is not obeyed: a server asking for an hour's
pause would hold a cron job past its next start. The back-off is capped
instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from provenance import __version__
from provenance.ingest.model import Problem
from provenance.settings import Settings

if TYPE_CHECKING:
    import requests

#: Answers worth asking again for: rate limits and server-side failures.
RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = f"provenance/{__version__} (feed reader; +https://pypi.org/project/provenance/)"


@dataclass(frozen=True)
class Fetched:
    """A server's answer.

    Attributes:
        data: The body; ``None`` when the server said it has not changed.
        etag: The ``ETag`` to send next time.
        last_modified: The ``Last-Modified`` to send next time.
    """

    data: bytes | None
    etag: str | None = None
    last_modified: str | None = None


def is_url(name: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    return name.lower().startswith(("http://", "https://"))


def _session(settings: Settings) -> requests.Session:
    import requests  # imported on first use: a scan of files must not pay for it
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    retry = Retry(
        total=settings.fetch_retries,
        backoff_factor=settings.fetch_backoff,
        backoff_max=30,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def fetch(
    url: str,
    settings: Settings,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched | Problem:
    """Get a URL, conditionally when an earlier answer's validators are given.

    Args:
        url: What to get.
        settings: Timeout and retries; a body larger than the file size
            limit is refused rather than held in memory.
        etag: Sent as ``If-None-Match``.
        last_modified: Sent as ``If-Modified-Since``.

    Returns:
        The answer, or the problem that stopped it (one line, naming what
        to do).
    """
    import requests

    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    attempts = f"after {settings.fetch_retries + 1} attempts" if settings.fetch_retries else "in one attempt"
    max_bytes = settings.max_file_bytes
    later = "it is tried again by the next scan"
    try:
        with _session(settings) as session, session.get(
            url, headers=headers, timeout=settings.fetch_timeout, stream=True
        ) as response:
            if response.status_code == 304:
                return Fetched(None, etag, last_modified)
            if response.status_code >= 400:
                reason = f"{response.status_code} {response.reason or ''}".strip()
                if response.status_code in RETRY_STATUSES:
                    return Problem(url, f"server answered {reason} {attempts}: {later}")
                return Problem(url, f"server answered {reason}: check the URL")
            body = bytearray()
            for chunk in response.iter_content(1 << 16):
                body += chunk
                if len(body) > max_bytes:
                    limit = max_bytes // (1024 * 1024)
                    return Problem(url, f"answer larger than the {limit} MiB limit: raise max_file_mb")
            return Fetched(bytes(body), response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except requests.exceptions.RequestException as error:
        cause = _innermost(error)
        if isinstance(error, requests.exceptions.Timeout) or isinstance(cause, (TimeoutError, _timeouts())):
            return Problem(url, f"no answer within {settings.fetch_timeout:g} s {attempts}: {later}")
        reason = " ".join(str(cause).split())[:160] or type(cause).__name__
        if isinstance(error, requests.exceptions.ConnectionError):
            return Problem(url, f"cannot connect {attempts} ({reason}): {later}")
        return Problem(url, f"cannot be fetched ({reason}): check the URL")


def _timeouts() -> type[Exception]:
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    return Urllib3Timeout


def _innermost(error: BaseException) -> BaseException:
    """The first cause of a requests error (it wraps urllib3's, which wraps the socket's)."""
    seen = {id(error)}
    while True:
        inner = getattr(error, "reason", None) or error.__cause__ or error.__context__
        if not isinstance(inner, BaseException) or id(inner) in seen:
            return error
        seen.add(id(inner))
        error = inner
