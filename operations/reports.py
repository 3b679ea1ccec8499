"""Figures: a station's figures of a period, the consolidated figures of the stations at
an aggregator (slow on a large province: the app runs them in the background), which
stations have reported. All read only. The printed and Excel reports are documents
(operations/documents.py)."""

from __future__ import annotations

from operations.base import VIEWER, Result, operation
from storage.exchange.aggregate import aggregate, reporting_grid
from storage.query.periods import Period, station_period
from storage.query.stats import period_figures
from storage.records.unit import get_unit


def _period(db, period: Period | str | None) -> Period:
    return period if isinstance(period, Period) else station_period(db, period)


@operation(VIEWER, transaction=False)
def figures(db, actor, period: Period | str | None, *, by_station: bool = False) -> Result:
    """(period, figures): a station's own figures, or at an aggregator the stations'
    figures added up (with `by_station`, each station's too)."""
    period = _period(db, period)
    if get_unit(db).role == "aggregator":
        return Result((period, aggregate(db, period, by_station=by_station)))
    return Result((period, period_figures(db, period)))


@operation(VIEWER, transaction=False)
def consolidated(db, actor, period: Period | str | None) -> Result:
    """(period, totals with each station's figures) for the Tổng hợp page."""
    period = _period(db, period)
    return Result((period, aggregate(db, period, by_station=True)))


@operation(VIEWER, transaction=False)
def stations_grid(db, actor, period: Period | str | None) -> Result:
    """(period, one StationStatus per commune of the province): reported or not. Only
    the superior receives packages: at a station every commune would read “not sent”."""
    from storage.errors import ValidationError

    if get_unit(db).role != "aggregator":
        raise ValidationError("Cơ sở dữ liệu này không ở chế độ tổng hợp; chỉ cấp trên mới theo dõi các xã "
                              "đã gửi số liệu.")
    period = _period(db, period)
    return Result((period, reporting_grid(db, period.code)))
