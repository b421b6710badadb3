"""The follow-up's own tables: fact tables rebuilt from the other parts, and imported register rows.

Fact tables are derived data: ``lika followup-rebuild`` writes them from the registry, the allowance
and the channel counter, and nothing else writes them. They hold plain columns (years, quarters, age
groups and codes already worked out) so that one portable SQL text per indicator runs unchanged on
DuckDB, PostgreSQL or a distributed engine. Register rows come from files that other agencies (or
other systems of the agency) deliver; each row keeps the import that brought it.

No fact table has a foreign key: a rebuild replaces rows without touching the operational tables,
and an indicator never reaches back into them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.people.models import Sex

SEX_MAX_LENGTH = 7
AGE_GROUP_MAX_LENGTH = 5
NONE = "none"  # written instead of NULL or '' in code columns, so that every engine groups it alike


class _Demographics(models.Model):
    """The breakdowns every person-level fact carries, as they were on the fact's reference day."""

    sex = models.CharField(max_length=SEX_MAX_LENGTH, choices=Sex.choices)
    age_group = models.CharField(max_length=AGE_GROUP_MAX_LENGTH)
    country_of_birth = models.CharField(max_length=2)

    class Meta:
        abstract = True


class FactRebuild(models.Model):
    """One rebuild of one fact table: what it read up to and how many rows it wrote."""

    table = models.CharField(max_length=40)
    full = models.BooleanField(help_text="False when only new source rows were added.")
    as_of = models.DateField()
    watermark = models.BigIntegerField(default=0, help_text="The highest source id read (incremental tables).")
    rows_written = models.PositiveIntegerField()
    rows_total = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()

    class Meta:
        ordering = ("-finished_at", "-id")
        indexes = (models.Index(fields=("table", "-finished_at"), name="fact_rebuild_table_idx"),)

    def __str__(self) -> str:
        return f"{self.table} {self.finished_at:%Y-%m-%d %H:%M}"


class FactPersonYear(_Demographics):
    """A person on the census day of a year (31 December, or the day of the rebuild for this year)."""

    year = models.PositiveSmallIntegerField()
    census_date = models.DateField()
    person_id = models.BigIntegerField()
    adult = models.BooleanField()
    permit_ground = models.CharField(max_length=20)
    household_type = models.CharField(max_length=20)
    lma = models.BooleanField(help_text="Covered by LMA on the census day.")
    couple_woman_man = models.BooleanField(
        help_text="An adult in LMA whose household's adults in LMA are exactly one woman and one man."
    )
    own_card = models.BooleanField(
        help_text="An adult in LMA with a card of their own and no joint-card or single-payee exception."
    )

    class Meta:
        constraints = (models.UniqueConstraint(fields=("year", "person_id"), name="fact_person_year_unique"),)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactHouseholdYear(models.Model):
    """A household with adults in LMA on the census day of a year."""

    year = models.PositiveSmallIntegerField()
    census_date = models.DateField()
    household_id = models.BigIntegerField()
    household_type = models.CharField(max_length=20)
    adults_sexes = models.CharField(max_length=16, help_text="woman_and_man, women, men or other.")
    lma_adults = models.PositiveSmallIntegerField()
    both_own_card = models.BooleanField()
    country_of_birth = models.CharField(max_length=2, help_text="The country of birth of the eldest adult in LMA.")

    class Meta:
        constraints = (models.UniqueConstraint(fields=("year", "household_id"), name="fact_household_year_unique"),)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactAllowanceMonth(_Demographics):
    """An adult covered by LMA in a month for which Lika issued allowance decisions."""

    month = models.CharField(max_length=7)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    person_id = models.BigIntegerField()
    permit_ground = models.CharField(max_length=20)
    household_type = models.CharField(max_length=20)
    own_decision = models.BooleanField(help_text="A decision for the month addressed to this adult.")
    allowance_ore = models.BigIntegerField()
    payout_ore = models.BigIntegerField()
    exception_kind = models.CharField(max_length=12)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("month", "person_id"), name="fact_allowance_month_unique"),)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactPayment(_Demographics):
    """A paid allowance payment. ``sex`` is the entitled person's; ``holder_sex`` the card holder's."""

    payment_id = models.BigIntegerField(unique=True)
    month = models.CharField(max_length=7)
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    paid_on = models.DateField()
    holder_sex = models.CharField(max_length=SEX_MAX_LENGTH, choices=Sex.choices)
    amount_ore = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactCardException(_Demographics):
    """A joint card or single payee chosen by an officer. ``sex`` is the person whose money goes elsewhere."""

    exception_id = models.BigIntegerField(unique=True)
    start_date = models.DateField()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12)
    reason = models.CharField(max_length=24)
    payee_sex = models.CharField(max_length=SEX_MAX_LENGTH, choices=Sex.choices)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactPermitDecision(_Demographics):
    """A decision on a residence-permit application."""

    decision_id = models.BigIntegerField(unique=True)
    decided_on = models.DateField()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=9)
    permit_kind = models.CharField(max_length=9)
    ground = models.CharField(max_length=20)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactPermitConversationTopic(_Demographics):
    """One topic of the conversation with an adult granted a permit, and whether it was given."""

    conversation_id = models.BigIntegerField()
    topic = models.CharField(max_length=20)
    given = models.BooleanField()
    held_on = models.DateField()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    # In person, by telephone or by video (people.ConversationChannel); not an Om Sverige channel.
    conversation_channel = models.CharField(max_length=20)
    interpreter = models.BooleanField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("conversation_id", "topic"), name="fact_conversation_topic_once"),
        )

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactChannelVisit(models.Model):
    """Visits to Om Sverige on one day through one channel, landing page and language (no person behind it)."""

    day = models.DateField()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=40)
    channel_kind = models.CharField(max_length=20)
    landing_page = models.CharField(max_length=200)
    language = models.CharField(max_length=12)
    visits = models.PositiveIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("day", "channel", "landing_page", "language"), name="fact_channel_visit_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactActivityParticipation(_Demographics):
    """A person offered an early or reception-centre activity: whether they enrolled and came at least once.

    Read from the partners part through the app registry (``lika.followup.facts.participation``).
    """

    enrolment_id = models.BigIntegerField(unique=True)
    activity_id = models.BigIntegerField()
    activity_kind = models.CharField(max_length=20)
    childcare = models.CharField(max_length=3, help_text="yes or no: whether the activity offers childcare.")
    offered_on = models.DateField()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    enrolled = models.BooleanField()
    attended = models.BooleanField(help_text="Present at one session or more.")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactCivicIntroduction(_Demographics):
    """A person called to the civic introduction, and whether they took part.

    Two sources in one table: the sessions recorded in Lika (``source`` "lika", ``record_key`` the
    invitation's id) and the imported register of sessions run elsewhere (``source`` "register",
    ``record_key`` minus the register row's id), so that one indicator counts everyone called.
    """

    record_key = models.BigIntegerField(unique=True)
    source = models.CharField(max_length=8)
    called_on = models.DateField()
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    attended = models.BooleanField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FactTrainingExposure(models.Model):
    """A unit's placed staff of one sex at a treatment survey, and how many took part in a group session before it.

    One row per survey with observations, unit and staff sex. ``trained_before`` counts staff in a
    session held before the survey's first day; ``trained_since_previous`` only those in a session held
    after the previous survey's last day, which is the exposure the difference-in-differences compares.
    Staff are counted where they are placed at the rebuild (placements are not dated). Read from the
    competence part through the app registry (``lika.followup.facts.training``).
    """

    survey_id = models.BigIntegerField()
    survey_name = models.CharField(max_length=200)
    first_day = models.DateField()
    last_day = models.DateField()
    year = models.PositiveSmallIntegerField()
    unit_code = models.CharField(max_length=16)
    sex = models.CharField(max_length=SEX_MAX_LENGTH, choices=Sex.choices)
    staff = models.PositiveIntegerField()
    trained_before = models.PositiveIntegerField()
    trained_since_previous = models.PositiveIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("survey_id", "unit_code", "sex"), name="fact_training_exposure_once"),
        )

    def __str__(self) -> str:
        return f"{self.survey_id} {self.unit_code} {self.sex}"


class FactTreatmentContact(models.Model):
    """Contacts a treatment survey observed, counted per site, officer pseudonym, client's sex, behaviour and answer.

    Only the first observer's record of a contact counts, and only contacts where the behaviour was
    answered yes or no; ``positive`` of the ``contacts`` were answered yes. No person is behind a row:
    officers are the survey's pseudonyms and clients are counted, never named. Read from the treatment
    survey part through the app registry (``lika.followup.facts.training``).
    """

    survey_id = models.BigIntegerField()
    first_day = models.DateField()
    site_code = models.CharField(max_length=16)
    officer = models.CharField(max_length=40)
    client_sex = models.CharField(max_length=SEX_MAX_LENGTH, choices=Sex.choices)
    behaviour = models.CharField(max_length=60)
    contacts = models.PositiveIntegerField()
    positive = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.survey_id} {self.site_code} {self.behaviour}"


class RegisterKind(models.TextChoices):
    AT_UND = "at_und", _("Work-permit exemption (AT-UND) decisions")
    CIVIC_INTRODUCTION = "civic_introduction", _("Civic introduction attendance")
    EMPLOYMENT_SERVICE = "employment_service", _("Registrations with Arbetsförmedlingen")


class RegisterImport(models.Model):
    """One imported register file. The same file (same contents) is imported once per register."""

    kind = models.CharField(_("register"), max_length=20, choices=RegisterKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    rows_new = models.PositiveIntegerField(_("new rows"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ("-imported_at", "-id")
        constraints = (models.UniqueConstraint(fields=("kind", "sha256"), name="register_import_file_once"),)
        permissions = (("view_indicators", _("Can see and export the follow-up's indicators")),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"


class _RegisterRow(_Demographics):
    """A row of a register: its own key, the demographics it carries and the import that brought it."""

    record_id = models.CharField(max_length=40, unique=True)
    register_import = models.ForeignKey(RegisterImport, on_delete=models.PROTECT, related_name="+")
    birth_year = models.PositiveSmallIntegerField()
    region = models.CharField(max_length=2, help_text="County (län) code, 01–25.")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class AtUndDecision(_RegisterRow):
    """A decision on exemption from the work-permit requirement (AT-UND) for an asylum seeker."""

    decided_on = models.DateField()
    granted = models.BooleanField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class CivicIntroductionAttendance(_RegisterRow):
    """A person called to the civic introduction, and whether they took part in it."""

    called_on = models.DateField()
    attended = models.BooleanField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class EmploymentServiceRegistration(_RegisterRow):
    """A registration with Arbetsförmedlingen, and whether a disability was made known."""

    registered_on = models.DateField()
    disability_reported = models.BooleanField()

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


RegisterRow = AtUndDecision | CivicIntroductionAttendance | EmploymentServiceRegistration
REGISTER_MODELS: dict[str, type[RegisterRow]] = {
    RegisterKind.AT_UND: AtUndDecision,
    RegisterKind.CIVIC_INTRODUCTION: CivicIntroductionAttendance,
    RegisterKind.EMPLOYMENT_SERVICE: EmploymentServiceRegistration,
}
"""The table each register's rows go to."""
