"""The indicator catalogue: every indicator the follow-up publishes, declared as data.

An indicator names a fact table, the condition that puts a row in its **population**, what is
counted or summed, its unit and the breakdowns (dimensions) it may be shown by. Conditions are
written once as portable SQL expressions over the fact table's plain columns; the engine turns them
into each engine's dialect with SQLGlot (:mod:`lika.followup.indicators.query`).

Three kinds, whose percentages mean different things and are labelled apart on every page:

- ``RATE`` — the share of a population who ... (*share of women who were granted AT-UND*): the
  numerator over the population within each group, women and men each on their own.
- ``SPLIT`` — how a sum divides between women and men (*the share of the allowance paid to
  women*): each sex's part of the group's total.
- ``COUNT`` — a number of units (exceptions, registrations, visits), with the sex split beside it.

Every indicator about persons has ``sex`` (or the column holding the relevant person's sex) among
its dimensions, and it is always in the breakdown: förordning (2000:605) om årsredovisning och
budgetunderlag 3 kap. 1 § asks for individual-based statistics split by sex. The two exceptions are
declared with their reason: households, whose population is fixed to a woman and a man, and visits,
behind which Lika knows no person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(StrEnum):
    RATE = "rate"
    SPLIT = "split"
    COUNT = "count"


class Unit(StrEnum):
    PERSONS = "persons"
    PERSON_MONTHS = "person_months"
    HOUSEHOLDS = "households"
    DECISIONS = "decisions"
    EXCEPTIONS = "exceptions"
    REGISTRATIONS = "registrations"
    CONVERSATION_TOPICS = "conversation_topics"
    ORE = "ore"
    VISITS = "visits"
    OFFERS = "offers"


UNIT_LABELS: dict[Unit, Promise] = {
    Unit.PERSONS: _("persons"),
    Unit.PERSON_MONTHS: _("person-months"),
    Unit.HOUSEHOLDS: _("households"),
    Unit.DECISIONS: _("decisions"),
    Unit.EXCEPTIONS: _("exceptions"),
    Unit.REGISTRATIONS: _("registrations"),
    Unit.CONVERSATION_TOPICS: _("topics of conversations"),
    Unit.ORE: _("kronor"),
    Unit.VISITS: _("visits"),
    Unit.OFFERS: _("offers of an activity"),
}


class Coverage(StrEnum):
    """Whether the figures count everyone (a register) or a sample; only samples get intervals by default."""

    REGISTER = "register"
    SAMPLE = "sample"


@dataclass(frozen=True)
class Dimension:
    column: str
    label: Promise


DIMENSIONS: dict[str, Dimension] = {
    d.column: d
    for d in (
        Dimension("year", _("Year")),
        Dimension("quarter", _("Quarter")),
        Dimension("sex", _("Sex")),
        Dimension("holder_sex", _("Sex of the card holder")),
        Dimension("payee_sex", _("Sex of the person paid instead")),
        Dimension("age_group", _("Age group")),
        Dimension("country_of_birth", _("Country of birth")),
        Dimension("permit_ground", _("Permit ground")),
        Dimension("ground", _("Permit ground")),
        Dimension("region", _("County")),
        Dimension("household_type", _("Household type")),
        Dimension("reason", _("Reason")),
        Dimension("kind", _("Kind of exception")),
        Dimension("topic", _("Topic")),
        Dimension("channel", _("Channel")),
        Dimension("channel_kind", _("Kind of channel")),
        Dimension("landing_page", _("Landing page")),
        Dimension("language", _("Language")),
        Dimension("activity_kind", _("Kind of activity")),
        Dimension("childcare", _("Childcare offered")),
    )
}

TIME = "year"
MAX_BREAKDOWNS = 2  # besides year and sex
# The whole-number column that names a record of each fact table lastingly (its record key for the cell-key
# method comes from it, so the same people give the same noise after every rebuild); "id" elsewhere.
RECORD_COLUMNS: dict[str, str] = {
    "followup_factpersonyear": "person_id",
    "followup_facthouseholdyear": "household_id",
    "followup_factallowancemonth": "person_id",
    "followup_factpayment": "payment_id",
    "followup_factcardexception": "exception_id",
    "followup_factpermitdecision": "decision_id",
    "followup_factpermitconversationtopic": "conversation_id",
    "followup_factactivityparticipation": "enrolment_id",
    "followup_factcivicintroduction": "record_key",
}
OTHER = "other"  # the category a recoding gathers the smaller values into


@dataclass(frozen=True)
class Recode:
    """How a dimension's values are grouped before anything is published, so that its cells are large enough.

    A value is large enough when each year and sex (women and men) holds at least the rules' minimum
    group size of it (``DisclosureRules.min_denominator``, at least ``min_count``).

    - Nominal (``top`` set): the largest values that are large enough, at most ``top`` of them (by the
      indicator's population over all its years; ties by code), are kept and the rest gathered into
      :data:`OTHER`, as statistical agencies publish country of birth: the largest countries, then
      "other countries".
    - Ordered (``ordered``, age groups): neighbouring groups are merged, youngest first, until each
      band is large enough; a last band too small joins the one before it.
    """

    top: int | None = None
    ordered: bool = False

    def __post_init__(self) -> None:
        if (self.top is None) == (not self.ordered):
            raise ValueError("A recoding either keeps the largest values (top) or merges ordered bands.")
        if self.top is not None and self.top < 1:
            raise ValueError(f"A recoding keeps at least one value, not {self.top}.")


RECODES: dict[str, Recode] = {
    # In an agency's caseload the largest countries hold most people; six and "other" keep the groups
    # few enough to be published for each year and sex.
    "country_of_birth": Recode(top=6),
    "region": Recode(top=6),
    "ground": Recode(top=4),
    "permit_ground": Recode(top=4),
    "age_group": Recode(ordered=True),
}


@dataclass(frozen=True)
class Indicator:
    """One indicator. ``population`` and ``numerator`` are SQL conditions on the columns of ``table``."""

    code: str
    title: Promise
    question: Promise  # the plain question the indicator answers, shown under its title
    table: str
    kind: Kind
    unit: Unit
    population: str
    dimensions: tuple[str, ...]
    source: Promise
    numerator: str | None = None  # RATE only
    amount: str | None = None  # SPLIT (and COUNT of something other than rows): the column summed
    sex: str | None = "sex"  # the column that always splits the figures; None only with ``no_sex_reason``
    no_sex_reason: Promise | None = None
    coverage: Coverage = Coverage.REGISTER
    person_level: bool = True  # False: no person behind the rows, so no disclosure control
    default_breakdown: tuple[str, ...] = field(default=())
    # The breakdowns published besides year and sex: none, then each other dimension on its own, then these
    # pairs. Disclosure control protects exactly these tables, linked where they share cells.
    pairs: tuple[tuple[str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        unknown = [d for d in self.dimensions if d not in DIMENSIONS]
        if unknown:
            raise ValueError(f"{self.code}: unknown dimensions {unknown}.")
        if TIME not in self.dimensions:
            raise ValueError(f"{self.code}: every indicator is shown by year.")
        if self.sex is None and self.no_sex_reason is None:
            raise ValueError(f"{self.code}: an indicator without a sex split must say why.")
        if self.sex is not None and self.sex not in self.dimensions:
            raise ValueError(f"{self.code}: its sex column {self.sex!r} must be one of its dimensions.")
        if (self.kind == Kind.RATE) != (self.numerator is not None):
            raise ValueError(f"{self.code}: a rate has a numerator, and only a rate has one.")
        if self.kind == Kind.SPLIT and (self.amount is None or self.sex is None):
            raise ValueError(f"{self.code}: a split sums an amount between the sexes.")
        extra = [d for d in self.default_breakdown if d not in self.dimensions]
        if extra:
            raise ValueError(f"{self.code}: default breakdown {extra} is not among its dimensions.")
        for pair in self.pairs:
            if len(set(pair)) != 2 or not set(pair) <= set(self.dimensions) - {TIME, self.sex}:
                raise ValueError(f"{self.code}: the pair {pair} is not two of its breakdowns.")
        if self.person_level and tuple(sorted(self.default_breakdown)) not in {
            tuple(sorted(table)) for table in self.published_tables()
        }:
            raise ValueError(f"{self.code}: its default breakdown is not one of its published tables.")
        if self.person_level and len(self.others) > MAX_BREAKDOWNS:
            # Disclosure control protects one cube over all of an indicator's dimensions (nightly); more
            # would make that cube, and the protection's search through it, grow out of proportion.
            raise ValueError(f"{self.code}: a person-level indicator has at most {MAX_BREAKDOWNS} breakdowns.")

    @property
    def others(self) -> tuple[str, ...]:
        """The dimensions a reader may break the figures down by: all but year and the sex column."""
        return tuple(d for d in self.dimensions if d not in {TIME, self.sex})

    def published_tables(self) -> tuple[tuple[str, ...], ...]:
        """The breakdowns published besides year and sex, in catalogue order: none, each one alone, the pairs.

        Figures without persons behind them (visits) may be broken down by any one or two dimensions.
        """
        order = {d: place for place, d in enumerate(self.dimensions)}
        singles: list[tuple[str, ...]] = [(), *((d,) for d in self.others)]
        pairs: list[tuple[str, ...]]
        if not self.person_level:
            pairs = [(a, b) for place, a in enumerate(self.others) for b in self.others[place + 1 :]]
        else:
            pairs = [tuple(sorted(pair, key=order.__getitem__)) for pair in self.pairs]
        return (*singles, *pairs)

    @property
    def record(self) -> str:
        """The column whose value gives each record its key for the cell-key method."""
        return RECORD_COLUMNS.get(self.table, "id")

    def free_pairs(self) -> tuple[tuple[str, ...], ...]:
        """The pairs of breakdowns a reader may choose besides the published tables, shown with the cell-key method.

        Counts and shares of persons only: an amount would need noise of its own size.
        """
        if not self.person_level or self.amount is not None:
            return ()
        declared = {frozenset(table) for table in self.published_tables()}
        pairs = [(a, b) for place, a in enumerate(self.others) for b in self.others[place + 1 :]]
        return tuple(pair for pair in pairs if frozenset(pair) not in declared)

    def is_free(self, chosen: Sequence[str] | None = None) -> bool:
        """Whether the breakdown ``chosen`` (None: the default; year and the sex column may be among it) is a
        free breakdown, shown with the cell-key method, rather than a published table protected by suppression."""
        wanted = frozenset(self.default_breakdown if chosen is None else chosen) - {TIME, self.sex or TIME}
        return wanted in {frozenset(pair) for pair in self.free_pairs()}

    def view_columns(self, table: tuple[str, ...]) -> tuple[str, ...]:
        """The columns of a published table: year, the sex column and ``table``'s dimensions, in catalogue order."""
        wanted = {TIME, *table} | ({self.sex} if self.sex is not None else set())
        return tuple(d for d in self.dimensions if d in wanted)

    def breakdown(self, chosen: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """The columns the figures are grouped by: year, the sex column, then the chosen ones in catalogue order.

        ``None`` takes the indicator's default breakdown; an empty tuple adds none. Raises ValueError for a
        breakdown that is not among the published tables.
        """
        wanted = set(self.default_breakdown if chosen is None else chosen) - {TIME, self.sex}
        unknown = wanted - set(self.dimensions)
        if unknown:
            raise ValueError(f"{self.code} cannot be broken down by {sorted(unknown)}.")
        if not any(wanted == set(table) for table in (*self.published_tables(), *self.free_pairs())):
            raise ValueError(f"{self.code} is not published by {sorted(wanted)} together.")
        return self.view_columns(tuple(wanted))


_PERSON = ("age_group", "country_of_birth")
_REGISTER = ("year", "sex", "age_group", "region")

CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        code="own_card_couples",
        title=_("Couples where both adults have their own card"),
        question=_(
            "Of the households in LMA with one adult woman and one adult man, how many had a payment card each "
            "on the last day of the year?"
        ),
        table="followup_facthouseholdyear",
        kind=Kind.RATE,
        unit=Unit.HOUSEHOLDS,
        population="adults_sexes = 'woman_and_man' AND lma_adults = 2",
        numerator="both_own_card",
        dimensions=("year", "household_type", "country_of_birth"),
        sex=None,
        no_sex_reason=_(
            "Every household counted has one woman and one man; the next indicator shows which of them lacks a card."
        ),
        source=_("Lika: households, LMA periods, payment cards and card exceptions."),
    ),
    Indicator(
        code="own_card_adults",
        title=_("Adults in couples who have their own card"),
        question=_(
            "Of the women and the men in LMA who live with one adult of the other sex, how many had a payment "
            "card of their own on the last day of the year?"
        ),
        table="followup_factpersonyear",
        kind=Kind.RATE,
        unit=Unit.PERSONS,
        population="adult AND lma AND couple_woman_man",
        numerator="own_card",
        dimensions=("year", "sex", *_PERSON),
        source=_("Lika: households, LMA periods, payment cards and card exceptions."),
    ),
    Indicator(
        code="own_decision",
        title=_("Adults with a decision of their own"),
        question=_(
            "For each month Lika decided the allowance, how many adults in LMA got a decision addressed to them?"
        ),
        table="followup_factallowancemonth",
        kind=Kind.RATE,
        unit=Unit.PERSON_MONTHS,
        population="1 = 1",
        numerator="own_decision",
        dimensions=("year", "sex", "country_of_birth", "household_type"),
        source=_("Lika: allowance decisions, households and LMA periods."),
    ),
    Indicator(
        code="allowance_paid",
        title=_("Allowance paid to women and to men"),
        question=_("How much of the allowance paid out reached cards held by women, and how much by men?"),
        table="followup_factpayment",
        kind=Kind.SPLIT,
        unit=Unit.ORE,
        population="1 = 1",
        amount="amount_ore",
        dimensions=("year", "quarter", "holder_sex"),
        sex="holder_sex",
        source=_("Lika: executed payment runs and the payment cards they paid to."),
    ),
    Indicator(
        code="allowance_entitled",
        title=_("Allowance decided for women and for men"),
        question=_("How much of the allowance paid out was the own money of women, and how much of men?"),
        table="followup_factpayment",
        kind=Kind.SPLIT,
        unit=Unit.ORE,
        population="1 = 1",
        amount="amount_ore",
        dimensions=("year", "sex", *_PERSON),
        source=_("Lika: executed payment runs and the decisions behind them."),
    ),
    Indicator(
        code="card_exceptions",
        title=_("Card exceptions by reason"),
        question=_("How often did an officer choose a joint card or a single payee, for whom, and for what reason?"),
        table="followup_factcardexception",
        kind=Kind.COUNT,
        unit=Unit.EXCEPTIONS,
        population="1 = 1",
        dimensions=("year", "sex", "kind", "reason"),
        default_breakdown=("reason",),
        source=_("Lika: card exceptions chosen by case officers, with their reasons."),
    ),
    Indicator(
        code="permits_granted",
        title=_("Residence permits granted"),
        question=_("Of the decisions on residence permits, how many granted a permit, for women and for men?"),
        table="followup_factpermitdecision",
        kind=Kind.RATE,
        unit=Unit.DECISIONS,
        population="1 = 1",
        numerator="outcome = 'granted'",
        dimensions=("year", "sex", "ground", "age_group"),
        default_breakdown=("ground",),
        source=_("Lika: decisions on residence-permit applications."),
    ),
    Indicator(
        code="permit_conversation_topics",
        title=_("What the permit conversation covered"),
        question=_(
            "In the conversations with women and with men granted a permit, how often was each topic of the "
            "protocol given, such as why telling Arbetsförmedlingen about a disability can give more support?"
        ),
        table="followup_factpermitconversationtopic",
        kind=Kind.RATE,
        unit=Unit.CONVERSATION_TOPICS,
        population="1 = 1",
        numerator="given",
        dimensions=("year", "sex", "topic", "age_group"),
        default_breakdown=("topic",),
        source=_("Lika: the permit conversations officers record, topic by topic."),
    ),
    Indicator(
        code="at_und_granted",
        title=_("Exemption from the work-permit requirement (AT-UND) granted"),
        question=_("Of the asylum seekers whose AT-UND was decided, how many were granted it, women and men?"),
        table="followup_atunddecision",
        kind=Kind.RATE,
        unit=Unit.DECISIONS,
        population="1 = 1",
        numerator="granted",
        dimensions=("year", "sex", *_PERSON),
        source=_("Register: the agency's AT-UND decisions, imported."),
    ),
    Indicator(
        code="civic_introduction_attended",
        title=_("Attendance at the civic introduction"),
        question=_("Of the people called to the civic introduction, how many took part, by sex, country and age?"),
        table="followup_factcivicintroduction",
        kind=Kind.RATE,
        unit=Unit.PERSONS,
        population="1 = 1",
        numerator="attended",
        dimensions=("year", "sex", *_PERSON),
        default_breakdown=("age_group",),
        source=_(
            "Lika: the civic-introduction sessions recorded by officers; register: attendance at sessions run "
            "elsewhere, imported."
        ),
    ),
    Indicator(
        code="activity_enrolled",
        title=_("Early activities: offered and enrolled"),
        question=_(
            "Of the women and the men offered an early activity or an activity at a reception centre, how many "
            "enrolled, by country of birth and age?"
        ),
        table="followup_factactivityparticipation",
        kind=Kind.RATE,
        unit=Unit.OFFERS,
        population="1 = 1",
        numerator="enrolled",
        dimensions=("year", "sex", *_PERSON),
        default_breakdown=("country_of_birth",),
        source=_("Lika: enrolments and referrals to activities recorded by officers and in Min Sida."),
    ),
    Indicator(
        code="activity_attended",
        title=_("Early activities: offered and attended"),
        question=_(
            "Of the women and the men offered an activity, how many came at least once — and does the gap "
            "narrow where childcare is offered?"
        ),
        table="followup_factactivityparticipation",
        kind=Kind.RATE,
        unit=Unit.OFFERS,
        population="1 = 1",
        numerator="attended",
        dimensions=("year", "sex", "activity_kind", "childcare"),
        default_breakdown=("childcare",),
        pairs=(("activity_kind", "childcare"),),
        source=_("Lika: attendance recorded per session of each activity."),
    ),
    Indicator(
        code="employment_service_registered",
        title=_("Registrations with Arbetsförmedlingen"),
        question=_("How many women and men registered with Arbetsförmedlingen?"),
        table="followup_employmentserviceregistration",
        kind=Kind.COUNT,
        unit=Unit.REGISTRATIONS,
        population="1 = 1",
        dimensions=_REGISTER,
        source=_("Register: Arbetsförmedlingen's registrations of people with a permit, imported."),
    ),
    Indicator(
        code="employment_service_disability",
        title=_("Disability made known to Arbetsförmedlingen"),
        question=_(
            "Of the women and men who registered with Arbetsförmedlingen, how many made a disability known, "
            "which can give them more support?"
        ),
        table="followup_employmentserviceregistration",
        kind=Kind.RATE,
        unit=Unit.REGISTRATIONS,
        population="1 = 1",
        numerator="disability_reported",
        dimensions=_REGISTER,
        source=_("Register: Arbetsförmedlingen's registrations of people with a permit, imported."),
    ),
    Indicator(
        code="channel_visits",
        title=_("Visits to Om Sverige by channel"),
        question=_("Through which channels do people reach the Om Sverige pages, and in which language?"),
        table="followup_factchannelvisit",
        kind=Kind.COUNT,
        unit=Unit.VISITS,
        population="1 = 1",
        amount="visits",
        dimensions=("year", "quarter", "channel_kind", "channel", "landing_page", "language"),
        default_breakdown=("channel_kind",),
        sex=None,
        no_sex_reason=_("Visits are counted without knowing who visits: no person, and so no sex, is recorded."),
        person_level=False,
        source=_("Lika: the Om Sverige channel counter (aggregates per day, no cookies)."),
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in CATALOGUE}
