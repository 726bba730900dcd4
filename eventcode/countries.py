"""ISO 3166-1 countries (via pycountry), plus codes news data needs that ISO lacks (Kosovo)."""

from __future__ import annotations

from functools import cache

import pycountry

# User-assigned codes in common use for entities ISO 3166-1 does not list.
EXTRA_COUNTRIES = {"XKX": "Kosovo"}


@cache
def country_names() -> dict[str, str]:
    """ISO3 code → common English name, for every ISO 3166-1 country and territory."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(EXTRA_COUNTRIES)
    return names


def is_country_code(code: str) -> bool:
    """True when ``code`` is an ISO 3166-1 alpha-3 code (or one of ``EXTRA_COUNTRIES``)."""
    return code in country_names()


def country_name(code: str) -> str | None:
    """The English name of an ISO3 code, or None."""
    return country_names().get(code)
