"""Outlet names from URLs and domains.

An outlet is named by its registrable domain ("www.cnn.com" and
"edition.cnn.com" are both "cnn.com"), looked up in the public suffix list
that the ``tld`` package ships, so nothing is downloaded at run time.
"""

from __future__ import annotations

from urllib.parse import urlsplit



def outlet_from_domain(domain: str) -> str | None:
    """The registrable domain of a host name, or ``None`` for an empty one.

    Hosts under suffixes the list does not know (``.example``, intranet
    names) keep their host name, less a leading ``www.``.
    """
    host = domain.strip().lower().rstrip(".")
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.split("/")[0].split(":")[0]
    if not host:
        return None
    from tld import get_fld  # imported on first use: it loads the public suffix list

    registered = get_fld(host, fix_protocol=True, fail_silently=True)
    if registered:
        return str(registered)
    return host[4:] if host.startswith("www.") else host


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL belongs to, or ``None`` when it has no host."""
    if not url:
        return None
    host = urlsplit(url.strip()).hostname
    return outlet_from_domain(host) if host else None
