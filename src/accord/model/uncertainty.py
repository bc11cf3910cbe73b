"""The ``uncertainty:`` section of a scenario: what the analyst does not know.

Beside its point values, a scenario may give distributions over its numeric assumptions,
per party (docs/sweeps.md)::

    uncertainty:
      parties:
        russia:
          reservation_value: {dist: uniform, low: 0.3, high: 0.4,
                              drift: {per: month, by: -0.01}}
          capability: {dist: normal, mean: 0.5, sd: 0.1, low: 0, high: 1}
          weights: {dist: dirichlet, concentration: 50}   # centred on the scenario's weights
          values: {donbas: {demilitarized_zone: {dist: beta, mean: 0.4, kappa: 20}}}
          red_lines: {full-donbas: {p_real: 0.7}}

These are its typed contents, keyed by the scenario's own ids (party, issue, option label,
red line), so that a scenario edited with :func:`dataclasses.replace` keeps a section that
still reads the same. :mod:`accord.io.uncertainty` parses and checks them when a scenario
is read (errors name the file, line and path) and writes them back; :mod:`accord.sweep`
samples them (the quantile functions live in :mod:`accord.sweep.sampling`).

Every distribution carries a ``label`` (``"assumption"`` unless the analyst says
otherwise), an optional ``note`` and, for a reservation value only, a :class:`Drift`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from accord.errors import ScenarioError


@dataclass(frozen=True, slots=True)
class Drift:
    """A reservation value that moves over the talks: ``by`` per ``round`` or per calendar
    ``month`` (a month needs the scenario's start date and deadline date)."""

    per: Literal["round", "month"]
    by: float


@dataclass(frozen=True, slots=True, kw_only=True)
class _Labelled:
    """What every entry of the section may carry: how the report labels it and a note."""

    label: str = "assumption"
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _Scalar(_Labelled):
    """A distribution of one number; only a reservation value's may :class:`Drift`."""

    NAME: ClassVar[str]
    drift: Drift | None = None

    @property
    def dist(self) -> str:
        """The distribution's name in the scenario format."""
        return self.NAME


@dataclass(frozen=True, slots=True, kw_only=True)
class Uniform(_Scalar):
    """Uniform on ``[low, high]`` (``low <= high``)."""

    NAME: ClassVar[str] = "uniform"
    low: float
    high: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Normal(_Scalar):
    """Normal with ``mean`` and ``sd > 0``, truncated to ``[low, high]`` where a bound is
    given. ``truncated`` records that the file spelt it ``truncnormal`` (which needs a
    bound); the law is the same."""

    NAME: ClassVar[str] = "normal"
    mean: float
    sd: float
    low: float | None = None
    high: float | None = None
    truncated: bool = False

    @property
    def dist(self) -> str:
        """The distribution's name in the scenario format."""
        return "truncnormal" if self.truncated else "normal"


@dataclass(frozen=True, slots=True, kw_only=True)
class Beta(_Scalar):
    """Beta given by ``mean`` in (0, 1) and ``kappa > 0`` (``a = mean*kappa``,
    ``b = (1-mean)*kappa``) or by ``a > 0`` and ``b > 0``, rescaled to ``[low, high]``
    (``None``: the default bounds 0 and 1, see :attr:`bounds`)."""

    NAME: ClassVar[str] = "beta"
    mean: float | None = None
    kappa: float | None = None
    a: float | None = None
    b: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def shape(self) -> tuple[float, float]:
        """The shape parameters ``(a, b)``."""
        if self.mean is not None and self.kappa is not None:
            return self.mean * self.kappa, (1.0 - self.mean) * self.kappa
        if self.a is None or self.b is None:
            raise ScenarioError("a beta distribution needs mean and kappa, or a and b")
        return self.a, self.b

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)``, 0 and 1 where not given."""
        return (
            0.0 if self.low is None else self.low,
            1.0 if self.high is None else self.high,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Triangular(_Scalar):
    """Triangular on ``[low, high]`` (``low < high``) peaking at ``mode``."""

    NAME: ClassVar[str] = "triangular"
    low: float
    mode: float
    high: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Fixed(_Scalar):
    """Always ``value`` (``None``: the scenario's own value; useful with a drift)."""

    NAME: ClassVar[str] = "fixed"
    value: float | None = None


#: A distribution of one number.
ScalarDistribution = Uniform | Normal | Beta | Triangular | Fixed


@dataclass(frozen=True, slots=True, kw_only=True)
class Dirichlet(_Labelled):
    """A party's weight vector drawn from a Dirichlet with ``concentration > 0``, centred
    on ``center`` (issue id to weight) or, when ``None``, on the party's own weights."""

    concentration: float
    center: dict[str, float] | None = None

    def __hash__(self) -> int:  # hashable like the scenario that holds it (eq-consistent)
        return hash((self.concentration, None if self.center is None else frozenset(self.center)))

    @property
    def dist(self) -> str:
        """The distribution's name in the scenario format."""
        return "dirichlet"


@dataclass(frozen=True, slots=True, kw_only=True)
class RedLineDoubt(_Labelled):
    """Whether a red line is firm: with probability ``p_real`` (in ``[0, 1]``) it is;
    otherwise, in that run, it is a bargaining position and is dropped."""

    p_real: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyUncertainty:
    """What is uncertain about one party.

    ``weights`` is a :class:`Dirichlet` over the whole weight vector, or a distribution
    per issue id (the drawn weights are then normalised to sum to one in each run).
    ``values`` maps an issue id to a map of option labels (``str(option)``) to
    distributions of the option's value; ``red_lines`` maps the party's red-line ids to
    their :class:`RedLineDoubt`.
    """

    reservation_value: ScalarDistribution | None = None
    capability: ScalarDistribution | None = None
    weights: Dirichlet | dict[str, ScalarDistribution] | None = None
    values: dict[str, dict[str, ScalarDistribution]] = field(default_factory=dict)
    red_lines: dict[str, RedLineDoubt] = field(default_factory=dict)

    def __hash__(self) -> int:  # hashable like the scenario that holds it (eq-consistent)
        return hash(
            (
                self.reservation_value,
                self.capability,
                frozenset(self.values),
                frozenset(self.red_lines),
            )
        )

    @property
    def empty(self) -> bool:
        """Nothing is uncertain."""
        return (
            self.reservation_value is None
            and self.capability is None
            and not self.weights
            and not any(self.values.values())
            and not self.red_lines
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StageUncertainty:
    """What is uncertain about one ratification stage (docs/two-level.md): a threshold
    stage's ``threshold``, each bloc's threshold (``blocs``: bloc id to distribution), an
    electorate's ``base`` support and mean ``turnout``. A sweep draws them per run and
    applies them with :meth:`accord.model.RatificationStage.with_values`."""

    threshold: ScalarDistribution | None = None
    blocs: dict[str, ScalarDistribution] = field(default_factory=dict)
    base: ScalarDistribution | None = None
    turnout: ScalarDistribution | None = None

    def __hash__(self) -> int:  # hashable like the scenario that holds it (eq-consistent)
        return hash((self.threshold, frozenset(self.blocs), self.base, self.turnout))

    @property
    def empty(self) -> bool:
        """Nothing is uncertain."""
        return (
            self.threshold is None and not self.blocs and self.base is None and self.turnout is None
        )


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """The ``uncertainty:`` section: per party id (scenario ids, in the file's order), and
    per ratification stage id (``ratification``; empty when the section has none)."""

    parties: dict[str, PartyUncertainty] = field(default_factory=dict)
    ratification: dict[str, StageUncertainty] = field(default_factory=dict)

    def __hash__(self) -> int:  # hashable like the scenario that holds it (eq-consistent)
        return hash((frozenset(self.parties.items()), frozenset(self.ratification.items())))

    @property
    def empty(self) -> bool:
        """Nothing is uncertain."""
        return all(p.empty for p in self.parties.values()) and all(
            s.empty for s in self.ratification.values()
        )
