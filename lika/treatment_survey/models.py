"""A treatment survey (bemötandeundersökning): its plan, its observers, and what they observed.

A survey has channels, sites, observers and a list of officer pseudonyms, all fixed by its lead
before fieldwork, and a sampling plan of time slots. Observers record sessions (one observer, one
site, one channel, one day), each holding the contacts observed in it; a contact observed by two
observers has two observations with the same contact code. Officers appear only as pseudonyms
that the lead hands out; Lika never stores who is behind one.

Rows are written by :mod:`lika.treatment_survey.services` only.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.people.models import Sex
from lika.treatment_survey.protocol.definition import PROTOCOL_VERSION

CODE_MAX_LENGTH = 16
CHANNEL_MAX_LENGTH = 10


class Survey(models.Model):
    """A treatment survey and the rules fixed for it before fieldwork."""

    name = models.CharField(_("name"), max_length=200)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    channels = models.JSONField(_("channels"), default=list, help_text="Protocol channel codes, in report order.")
    protocol_version = models.CharField(max_length=20, default=PROTOCOL_VERSION)
    pass_mark = models.DecimalField(
        _("reliability pass mark"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        help_text="The least Krippendorff's alpha an item needs; fixed once observations exist.",
    )
    double_coded_share = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.100"))
    min_officers = models.PositiveSmallIntegerField(default=5)
    min_contacts = models.PositiveSmallIntegerField(default=20)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-first_day", "-id")
        permissions = (("view_report", "Can see the reports of treatment surveys"),)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="treatment_survey_period_order"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def form_id(self) -> str:
        """The XLSForm's form id, which ODK Central and KoboToolbox use to name exports."""
        return f"lika_bemotande_{self.pk}"


class Site(models.Model):
    """An office, contact centre or embassy in the survey, with the channels observed there."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sites")
    code = models.CharField(max_length=CODE_MAX_LENGTH)
    name = models.CharField(max_length=120)
    channels = models.JSONField(default=list)

    class Meta:
        ordering = ("code",)
        constraints = (models.UniqueConstraint(fields=("survey", "code"), name="treatment_site_code_unique"),)

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Observer(models.Model):
    """An observer of the survey: a code for forms and exports and, for those who use Lika's form, a login."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="observers")
    code = models.CharField(max_length=CODE_MAX_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("code",)
        constraints = (
            models.UniqueConstraint(fields=("survey", "code"), name="treatment_observer_code_unique"),
            models.UniqueConstraint(
                fields=("survey", "user"), condition=models.Q(user__isnull=False), name="treatment_observer_user_unique"
            ),
        )

    def __str__(self) -> str:
        return self.code


class OfficerCode(models.Model):
    """A pseudonym for one officer, handed out by the survey lead; the key to names stays outside Lika."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="officer_codes")
    code = models.CharField(max_length=CODE_MAX_LENGTH)

    class Meta:
        ordering = ("code",)
        constraints = (models.UniqueConstraint(fields=("survey", "code"), name="treatment_officer_code_unique"),)

    def __str__(self) -> str:
        return self.code


class Slot(models.Model):
    """A time slot of the sampling plan: when and where to observe, and whether two observers go."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="slots")
    code = models.CharField(max_length=8)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="slots")
    channel = models.CharField(max_length=CHANNEL_MAX_LENGTH)
    day = models.DateField()
    start = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    double_coded = models.BooleanField(default=False)

    class Meta:
        ordering = ("day", "start", "code")
        constraints = (models.UniqueConstraint(fields=("survey", "code"), name="treatment_slot_code_unique"),)

    def __str__(self) -> str:
        return f"{self.code} {self.day} {self.start:%H:%M}"


class ObservationImport(models.Model):
    """One export from ODK Central or KoboToolbox brought into the survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    dialect = models.CharField(max_length=8)
    files = models.JSONField(default=list, help_text="Name, size and SHA-256 of each file.")
    sessions_count = models.PositiveIntegerField()
    observations_count = models.PositiveIntegerField()
    skipped = models.PositiveIntegerField(default=0, help_text="Submissions already imported before.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ("-imported_at", "-id")

    def __str__(self) -> str:
        return f"{self.dialect} {self.imported_at:%Y-%m-%d %H:%M}"


class Session(models.Model):
    """One observer at one site, in one channel, on one day: a submission of the form."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sessions")
    observer = models.ForeignKey(Observer, on_delete=models.PROTECT, related_name="sessions")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sessions")
    channel = models.CharField(max_length=CHANNEL_MAX_LENGTH)
    day = models.DateField()
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    instance_id = models.CharField(max_length=100, blank=True, help_text="The submission's id in ODK or Kobo.")
    source_import = models.ForeignKey(
        ObservationImport, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-day", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("survey", "instance_id"),
                condition=~models.Q(instance_id=""),
                name="treatment_session_instance_unique",
            ),
        )

    def __str__(self) -> str:
        return f"{self.observer} {self.site.code} {self.channel} {self.day}"


class Observation(models.Model):
    """One observer's record of one contact. ``answers`` holds the yes/no items that apply, and only those."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="observations")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="observations")
    contact_code = models.CharField(max_length=CODE_MAX_LENGTH)
    second_observer = models.BooleanField(default=False)
    officer = models.ForeignKey(OfficerCode, on_delete=models.PROTECT, related_name="observations")
    client_sex = models.CharField(max_length=7, choices=Sex.choices)
    client_sex_basis = models.CharField(max_length=9, blank=True)
    answers = models.JSONField(default=dict)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("contact_code", "second_observer")
        constraints = (
            models.UniqueConstraint(
                fields=("survey", "contact_code", "second_observer"), name="treatment_observation_contact_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.contact_code}{' (2)' if self.second_observer else ''}"
