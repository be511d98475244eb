"""Polite HTTP: a User-Agent naming the project, a delay between requests to one host,
robots.txt respected, timeouts, a size cap, few redirects, conditional GET.

Every failure is a FetchError whose message names what went wrong in one line.
"""
from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__

USER_AGENT = f"protestwatch/{__version__} (news monitoring; +https://github.com/protestwatch)"
TIMEOUT = 20.0
HOST_DELAY = 1.0           # seconds between two requests to the same host
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5


class FetchError(Exception):
    """One line saying why a URL could not be had."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    def __init__(self, *, delay: float = HOST_DELAY, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
                 robots: bool = True):
        import httpx
        self.delay, self.max_bytes, self.robots = delay, max_bytes, robots
        self._client = httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=timeout,
                                    follow_redirects=True, max_redirects=MAX_REDIRECTS)
        self._last: dict[str, float] = {}
        self._rules: dict[str, urllib.robotparser.RobotFileParser] = {}

    def close(self) -> None:
        self._client.close()

    def _wait(self, host: str) -> None:
        pause = self._last.get(host, 0.0) + self.delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host (read once per Fetcher); a missing file allows all."""
        if not self.robots:
            return True
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules.get(base)
        if rules is None:
            rules = urllib.robotparser.RobotFileParser()
            try:
                r = self._get(base + "/robots.txt", {}, check_robots=False)
                rules.parse(r.body.decode("utf-8", "replace").splitlines())
            except FetchError as exc:
                # As robotparser does: 401/403 forbid everything, anything else allows it.
                if " 401 " in f" {exc} " or " 403 " in f" {exc} ":
                    rules.disallow_all = True
                else:
                    rules.allow_all = True
            self._rules[base] = rules
        return rules.can_fetch(USER_AGENT, url)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, check_robots=True)

    def _get(self, url: str, headers: dict, *, check_robots: bool) -> Response:
        import httpx
        if not url.startswith(("http://", "https://")):
            raise FetchError("not an http(s) URL")
        if check_robots and not self.allowed(url):
            raise FetchError("robots.txt disallows it")
        self._wait(urlsplit(url).netloc)
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304:
                    return Response(str(r.url), 304, b"", "", r.headers.get("etag"), r.headers.get("last-modified"))
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".strip())
                size = r.headers.get("content-length")
                if size and size.isdigit() and int(size) > self.max_bytes:
                    raise FetchError(f"too large: {int(size) // 1048576} MB (limit {self.max_bytes // 1048576} MB)")
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(f"too large: over {self.max_bytes // 1048576} MB, refused")
                return Response(str(r.url), r.status_code, bytes(body),
                                r.headers.get("content-type", "").split(";")[0].strip().lower(),
                                r.headers.get("etag"), r.headers.get("last-modified"))
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {exc.__class__.__name__} {exc}".strip()) from None
