"""Dates as the metadata states them (`tracker.metadata.iso_date`)."""

from __future__ import annotations

import contextlib
import string
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.metadata import iso_date

_FORMS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%d %B %Y %H:%M", "%d.%m.%Y %H:%M")


def _by_every_form(value: str) -> str | None:
    """What strptime reads in the forms past ISO 8601 and RFC 2822, tried on every value."""
    for fmt in _FORMS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(value, fmt).isoformat()
    return None


_times = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda t: t.replace(microsecond=0)
)
_zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@given(_times, _zones, st.sampled_from(_FORMS), st.booleans())
def test_a_date_in_each_form_is_read(
    when: datetime, zone: timezone, fmt: str, unpadded: bool
) -> None:
    stated = when.replace(tzinfo=zone) if "%z" in fmt else when
    text = stated.strftime(fmt)
    if unpadded:
        # (strptime reads days, months and times without their leading zeros)
        zone_part = 5 if "%z" in fmt else 0  # (strftime writes the zone as +HHMM)
        head, tail = text[: len(text) - zone_part], text[len(text) - zone_part :]
        text = head.replace("-0", "-").replace(".0", ".").replace(":0", ":") + tail
    expected = datetime.strptime(text, fmt).isoformat()
    assert iso_date(text) == expected
    if "%z" not in fmt:
        assert expected == (when if "%S" in fmt else when.replace(second=0)).isoformat()


def test_dates_in_no_form_are_kept_as_the_page_writes_them() -> None:
    for value in ("November 19, 2019", "01:38:07 PM IST Nov 20, 2019", "2019-11-18 17:19:53 GMT"):
        assert iso_date(value) == value
    utc = datetime(2019, 11, 18, 17, 19, 53, tzinfo=UTC)
    assert iso_date("2019-11-18T17:19:53Z") == utc.isoformat()
    assert iso_date(" 5 March 2021 9:05 ") == "2021-03-05T09:05:00"
    assert iso_date("5.3.2021 09:05") == "2021-03-05T09:05:00"


_date_like = st.text(alphabet=string.digits + " -.:+TZtz" + "MarchNovember", max_size=30)


@settings(max_examples=500)
@given(st.one_of(_date_like, st.text(max_size=30)))
def test_any_text_reads_as_strptime_reads_it_in_every_form(value: str) -> None:
    read = iso_date(value)
    if not value or not value.strip():
        return
    expected = _by_every_form(value.strip())
    if expected is not None:
        assert read == expected
    else:
        # (read by ISO 8601 or RFC 2822 first, or kept as written)
        assert read is not None
