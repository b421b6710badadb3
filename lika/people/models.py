"""The people registry: persons, households without a head, and the dated facts about them.

Every period in this module is a closed interval of whole days: ``start_date`` and ``end_date``
are both included, and an empty ``end_date`` means the period is still open. That is how a
decision reads ("1 March to 31 March"), so nobody has to translate between the two.

Models here are written only by :mod:`lika.people.services`.
"""

from __future__ import annotations

import datetime
from typing import Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lika.core.official_codes import official_codes
from lika.people.ages import age_on
from lika.people.identifiers import validate_dossier_number, validate_language_code


class Sex(models.TextChoices):
    """Sex as recorded in the agency's case (folkbokförd eller registrerad), not as perceived."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


_Dated = TypeVar("_Dated", bound=models.Model)


class PeriodQuerySet(models.QuerySet[_Dated]):
    """Queries shared by every dated model."""

    def covering(self, day: datetime.date) -> Self:
        """Rows whose period includes ``day``."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def overlapping(self, start: datetime.date, end: datetime.date | None) -> Self:
        """Rows whose period shares at least one day with ``start``..``end`` (open if None)."""
        qs = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            qs = qs.filter(start_date__lte=end)
        return qs


class PartnershipQuerySet(PeriodQuerySet["Partnership"]):
    def involving(self, person_id: int) -> Self:
        """Partnerships in which the person is either partner."""
        return self.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))


class DatedPeriod(models.Model):
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty while the period is open."))

    class Meta:
        abstract = True

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


def period_constraint(name: str) -> models.CheckConstraint:
    """A dated period's check: no end, or an end on or after its start."""
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
        name=name,
    )


class Person(models.Model):
    """A person known to the agency, adult or child, each in their own right."""

    dossier_number = models.CharField(
        _("dossier number"), max_length=10, unique=True, validators=[validate_dossier_number]
    )
    # A personnummer or samordningsnummer in the 12-digit form YYYYMMDDNNNN; many newcomers have none.
    personal_number = models.CharField(
        _("personal or coordination number"), max_length=12, unique=True, null=True, blank=True
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=7, choices=Sex.choices)
    country_of_birth = CountryField(_("country of birth"))
    citizenship = CountryField(_("citizenship"), blank=True, help_text=_("Empty when not known."))
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=12,
        validators=[validate_language_code],
        help_text=_("A language code such as sv, ar, ti or prs."),
    )
    protected_identity = models.BooleanField(
        _("protected identity"),
        default=False,
        help_text=_("Every reading of this person is recorded in the audit trail."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ("family_name", "given_name", "id")
        permissions = (
            ("view_protected_person", _("Can see persons with protected identity")),
            ("view_registry_statistics", _("Can see counts of the registry split by sex")),
        )
        indexes = (
            models.Index(fields=("sex", "birth_date"), name="person_sex_birth_idx"),
            # The registry list is ordered by name; without this a page of a million persons sorts them all.
            models.Index(fields=("family_name", "given_name", "id"), name="person_name_idx"),
        )

    def __str__(self) -> str:
        # Lists, select boxes and the admin all use this: a protected person's name never shows there.
        if self.protected_identity:
            return f"{_('Protected identity')} ({self.dossier_number})"
        return f"{self.given_name} {self.family_name} ({self.dossier_number})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: datetime.date) -> int:
        """Whole years of age on ``day`` (see :func:`lika.people.ages.age_on`)."""
        return age_on(self.birth_date, day)


class Household(models.Model):
    """A set of dated memberships. A household has no head and no representative."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ("id",)

    def __str__(self) -> str:
        return _("Household %(id)s") % {"id": self.pk}


class MemberRole(models.TextChoices):
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child")


class HouseholdMembership(DatedPeriod):
    """A person's membership of a household for a period. A person is in one household at a time."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=5, choices=MemberRole.choices)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("household membership")
        verbose_name_plural = _("household memberships")
        ordering = ("household", "start_date", "id")
        constraints = (period_constraint("membership_period_valid"),)
        indexes = (models.Index(fields=("person", "start_date"), name="membership_person_idx"),)

    def __str__(self) -> str:
        return f"{self.person} · {self.household} · {self.start_date}–{self.end_date or ''}"


class GuardianKind(models.TextChoices):
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")


class Guardianship(DatedPeriod):
    """An adult who is a child's parent or legal guardian for a period."""

    child = models.ForeignKey(Person, verbose_name=_("child"), on_delete=models.PROTECT, related_name="guardianships")
    guardian = models.ForeignKey(
        Person, verbose_name=_("parent or guardian"), on_delete=models.PROTECT, related_name="wards"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=GuardianKind.choices)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        ordering = ("child", "start_date", "id")
        constraints = (
            period_constraint("guardianship_period_valid"),
            models.CheckConstraint(condition=~Q(child=models.F("guardian")), name="guardianship_not_self"),
        )

    def __str__(self) -> str:
        return f"{self.guardian} → {self.child}"


class PartnershipKind(models.TextChoices):
    # From April 2024 only married or cohabiting couples count as living together for LMA.
    MARRIED = "married", _("Married or registered partners")
    COHABITING = "cohabiting", _("Cohabiting partners")


class Partnership(DatedPeriod):
    """Two adults of the same household who are each other's partner. ``person_a`` has the lower id."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="partnerships"
    )
    person_a = models.ForeignKey(Person, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PartnershipKind.choices)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ("household", "start_date", "id")
        constraints = (
            period_constraint("partnership_period_valid"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="partnership_ordered_pair"),
        )

    def __str__(self) -> str:
        return f"{self.person_a} ♥ {self.person_b}"


class AccommodationKind(models.TextChoices):
    AGENCY = "agency", _("Accommodation arranged by the agency")
    OWN = "own", _("Own arrangement")


class AccommodationPeriod(DatedPeriod):
    """Where a person lives for a period, and whether food is included (it lowers the allowance)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="accommodation_periods"
    )
    kind = models.CharField(_("kind"), max_length=6, choices=AccommodationKind.choices)
    food_included = models.BooleanField(_("food included"))

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("accommodation period")
        verbose_name_plural = _("accommodation periods")
        ordering = ("person", "start_date")
        constraints = (period_constraint("accommodation_period_valid"),)

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.start_date}–{self.end_date or ''}"


def validate_municipality_code(value: str) -> None:
    """Accepts Statistics Sweden's four-digit code of a Swedish municipality (kommunkod)."""
    if value not in official_codes().municipalities:
        raise ValidationError(
            _("Write the municipality's four-digit code from Statistics Sweden, such as 1280 for Malmö.")
        )


class MunicipalityOfResidence(DatedPeriod):
    """The municipality a person lives in for a period (folkbokföringskommun), as the agency knows it.

    Municipalities need it to reach people newly granted a permit with sfi and civic orientation.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="municipalities_of_residence"
    )
    municipality_code = models.CharField(
        _("municipality"), max_length=4, validators=[validate_municipality_code], help_text=_("Such as 1280.")
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality of residence")
        verbose_name_plural = _("municipalities of residence")
        ordering = ("person", "start_date")
        constraints = (period_constraint("municipality_of_residence_valid"),)
        indexes = (models.Index(fields=("municipality_code", "start_date"), name="residence_municipality_idx"),)

    def __str__(self) -> str:
        return f"{self.person} · {self.municipality_code} · {self.start_date}–{self.end_date or ''}"


class EligibilityBasis(models.TextChoices):
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")
    OTHER = "other", _("Other ground in section 1 of the LMA")


class LmaEligibilityPeriod(DatedPeriod):
    """A period in which a person is covered by LMA (lag 1994:137) and may receive the daily allowance."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="lma_periods")
    basis = models.CharField(_("basis"), max_length=20, choices=EligibilityBasis.choices)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("LMA eligibility period")
        verbose_name_plural = _("LMA eligibility periods")
        ordering = ("person", "start_date")
        constraints = (period_constraint("lma_period_valid"),)

    def __str__(self) -> str:
        return f"{self.person} · LMA {self.start_date}–{self.end_date or ''}"


class PermitGround(models.TextChoices):
    ASYLUM = "asylum", _("Asylum")
    FAMILY_TIES = "family_ties", _("Family ties")
    WORK = "work", _("Work")
    STUDY = "study", _("Study")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")


class PermitApplication(models.Model):
    """An application for a residence permit, made by one person on one ground."""

    person = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="permit_applications"
    )
    ground = models.CharField(_("ground"), max_length=20, choices=PermitGround.choices)
    submitted_on = models.DateField(_("submitted on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("permit application")
        verbose_name_plural = _("permit applications")
        ordering = ("person", "submitted_on", "id")
        indexes = (models.Index(fields=("ground", "submitted_on"), name="application_ground_idx"),)

    def __str__(self) -> str:
        return f"{self.person} · {self.get_ground_display()} · {self.submitted_on}"


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    DISMISSED = "dismissed", _("Dismissed or written off")


class PermitKind(models.TextChoices):
    TEMPORARY = "temporary", _("Temporary permit")
    PERMANENT = "permanent", _("Permanent permit")


class PermitDecision(models.Model):
    """A decision on a permit application. An application may get several (after an appeal)."""

    application = models.ForeignKey(
        PermitApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("decided on"))
    outcome = models.CharField(_("outcome"), max_length=9, choices=DecisionOutcome.choices)
    permit_kind = models.CharField(_("permit kind"), max_length=9, choices=PermitKind.choices, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("permit decision")
        verbose_name_plural = _("permit decisions")
        ordering = ("application", "decided_on", "id")
        constraints = (
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=False, valid_until__gte=models.F("valid_from")),
                name="permit_validity_ordered",
            ),
        )

    def __str__(self) -> str:
        return f"{self.application} · {self.get_outcome_display()} · {self.decided_on}"


class ConversationChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By telephone")
    VIDEO = "video", _("By video")


class ConversationTopic(models.TextChoices):
    """The checklist of the conversation with a person granted a permit (the agency's updated protocol).

    The follow-up counts, for women and for men, how often each was given.
    """

    OM_SVERIGE = "om_sverige", _("Om Sverige and the languages it is in")
    SFI_CIVIC = "sfi_civic", _("Swedish for immigrants (sfi) and civic orientation")
    EMPLOYMENT_SERVICE = "employment_service", _("Registering with Arbetsförmedlingen")
    DISABILITY = "disability", _("Why telling Arbetsförmedlingen about a disability can give more support")
    CHILDCARE = "childcare", _("Preschool and childcare")
    OWN_MONEY = "own_money", _("An own bank account and own money")
    VIOLENCE = "violence", _("Support for anyone exposed to violence, economic violence included")


class PermitConversation(models.Model):
    """The conversation an officer holds with an adult granted a residence permit, and what it covered."""

    decision = models.ForeignKey(
        PermitDecision, verbose_name=_("permit decision"), on_delete=models.PROTECT, related_name="conversations"
    )
    held_on = models.DateField(_("held on"))
    channel = models.CharField(_("how"), max_length=9, choices=ConversationChannel.choices)
    language = models.CharField(_("language"), max_length=12, validators=[validate_language_code])
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    # ConversationTopic values, in the checklist's order; a topic left out was not given.
    topics = models.JSONField(_("topics covered"), default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("permit conversation")
        verbose_name_plural = _("permit conversations")
        ordering = ("decision", "held_on", "id")

    def __str__(self) -> str:
        return f"{self.decision} · {self.held_on}"


class RegistrySnapshot(models.Model):
    """The registry's counts on one day, split by sex, taken by the job ``lika registry-snapshot``.

    Pages show the latest snapshot rather than counting a million rows on every visit.
    """

    counted_on = models.DateField(_("counted on"))
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True, db_index=True)
    persons_female = models.PositiveIntegerField()
    persons_male = models.PositiveIntegerField()
    persons_unknown = models.PositiveIntegerField()
    lma_female = models.PositiveIntegerField()
    lma_male = models.PositiveIntegerField()
    lma_unknown = models.PositiveIntegerField()
    households_women_and_men = models.PositiveIntegerField()
    households_women_only = models.PositiveIntegerField()
    households_men_only = models.PositiveIntegerField()
    households_other = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("registry snapshot")
        verbose_name_plural = _("registry snapshots")
        ordering = ("-taken_at", "-id")

    def __str__(self) -> str:
        return f"{self.counted_on} ({self.taken_at:%Y-%m-%d %H:%M})"
