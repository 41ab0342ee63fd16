"""Figures that depend on each other: computed where the data lacks them, checked where
the data states them anyway (a percent change from a base value, a budget total)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def percent_change(old: Decimal, new: Decimal) -> Decimal:
    """Change from `old` to `new` in percent of `old` (unrounded)."""
    if old == 0:
        raise ValueError("Ausgangswert 0: keine prozentuale Veränderung berechenbar")
    return (new - old) / old * 100


def places(value: Decimal) -> int:
    """Decimal places as written: Decimal("12.9") -> 1, Decimal("3") -> 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def rounded(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def matches(stated: Decimal, computed: Decimal) -> bool:
    """True if `stated` is `computed` rounded to the places `stated` is written with.

    Half a unit of the last stated place is allowed either way, plus a hair for values
    that were themselves computed from rounded inputs.
    """
    tolerance = Decimal(1).scaleb(-places(stated)) / 2
    return abs(stated - computed) <= tolerance * Decimal("1.0001")


@dataclass(frozen=True)
class Budget:
    """A year's budget: its parts, their exact sum and the total as the text gives it."""

    verwaltungskosten: Decimal
    eingliederung: Decimal
    summe: Decimal
    gesamt: Decimal
    stellen: int
    stimmt: bool
    quelle: str | None = None  # where the total comes from, as the text cites it

    @property
    def gesamt_mio(self) -> Decimal:
        """The total in millions, rounded as the text prints it."""
        return rounded(self.gesamt.scaleb(-6), self.stellen)


def budget(verwaltungskosten: Decimal, eingliederung: Decimal,
           gesamt_mio: Decimal | None = None, stellen: int = 1,
           quelle: str | None = None) -> Budget:
    """The total is the sum of the parts, printed in millions with `stellen` places.

    A total stated in millions is printed as stated (with its own places) and checked:
    `stimmt` is False if it is not the sum rounded to those places.
    """
    summe = verwaltungskosten + eingliederung
    if gesamt_mio is None:
        return Budget(verwaltungskosten, eingliederung, summe, summe, stellen, True, quelle)
    return Budget(verwaltungskosten, eingliederung, summe, gesamt_mio.scaleb(6),
                  places(gesamt_mio), matches(gesamt_mio, summe.scaleb(-6)), quelle)


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last place `value` is written with: the rounding it may carry."""
    return Decimal(1).scaleb(-places(value)) / 2


def change_bounds(old: Decimal, new: Decimal) -> tuple[Decimal, Decimal]:
    """The smallest and largest percent change that values rounded to `old` and `new`
    can stand for (both taken as rounded to the places they are written with)."""
    d_old, d_new = half_unit(old), half_unit(new)
    if old - d_old <= 0:
        return percent_change(old, new), percent_change(old, new)
    low = ((new - d_new) / (old + d_old) - 1) * 100
    high = ((new + d_new) / (old - d_old) - 1) * 100
    return min(low, high), max(low, high)


def change_consistent(stated: Decimal, old: Decimal, new: Decimal) -> bool:
    """True if a stated percent change fits `old` -> `new` within rounding of all three."""
    low, high = change_bounds(old, new)
    slack = half_unit(stated) * Decimal("1.0001")
    return stated + slack >= low and stated - slack <= high


def apply_change(old: Decimal, change: Decimal) -> Decimal:
    """`old` changed by `change` percent (unrounded)."""
    return old * (1 + change / 100)


def base_of(new: Decimal, change: Decimal) -> Decimal:
    """The value that `change` percent turned into `new` (unrounded)."""
    if change == -100:
        raise ValueError("Veränderung -100 %: kein Ausgangswert berechenbar")
    return new / (1 + change / 100)
