"""Organisations the agency works with, the activities offered with them, and the civic introduction.

Models here are written only by :mod:`lika.partners.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lika.people.models import Person


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    COUNTY_BOARD = "county_board", _("County administrative board")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    RECEPTION_CENTRE = "reception_centre", _("Reception centre")


# The kinds whose organisations carry Statistics Sweden's code (lika/core/data/official_codes.csv).
CODED_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY_BOARD)


class CooperationBasis(models.TextChoices):
    """On what footing the agency and the organisation work together."""

    NONE = "none", _("No cooperation yet")
    AGREEMENT = "agreement", _("Written agreement")
    # Idéburet offentligt partnerskap (IOP): a partnership with a non-profit organisation.
    PARTNERSHIP = "partnership", _("Non-profit public partnership (IOP)")
    GRANT = "grant", _("Funded through a grant")
    LAW = "law", _("Task given by law or ordinance")
    DIALOGUE = "dialogue", _("Dialogue only, no agreement")


class Organisation(models.Model):
    """A municipality, county board, civil-society organisation or reception centre."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    official_code = models.CharField(
        _("official code"),
        max_length=4,
        blank=True,
        help_text=_("Statistics Sweden's code: four digits for a municipality, two for a county."),
    )
    county_code = models.CharField(_("county code"), max_length=2, blank=True)
    cooperation_basis = models.CharField(
        _("basis of cooperation"), max_length=20, choices=CooperationBasis.choices, default=CooperationBasis.NONE
    )
    cooperation_note = models.TextField(_("about the cooperation"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("kind", "name", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("kind", "official_code"), condition=~Q(official_code=""), name="organisation_code_once"
            ),
        )

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A contact person at an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Dialogue(models.Model):
    """A dialogue or meeting with an organisation: what was talked about, what was agreed, when to follow up."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dialogues")
    held_on = models.DateField(_("held on"))
    topics = models.TextField(_("topics"))
    agreed = models.TextField(_("what was agreed"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ("-held_on", "-id")

    def __str__(self) -> str:
        return f"{self.organisation} {self.held_on}"


class ActivityKind(models.TextChoices):
    # Tidiga insatser för asylsökande (TIA), run with the county boards.
    EARLY = "early", _("Early activity for asylum seekers")
    RECEPTION_CENTRE = "reception_centre", _("Activity at a reception centre")


class Activity(models.Model):
    """An activity offered to asylum seekers: who runs it, where, in which languages, and with childcare or not."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="activities"
    )
    place = models.CharField(_("place"), max_length=200)
    languages = models.JSONField(_("languages"), default=list)
    childcare = models.BooleanField(_("childcare offered"), default=False)
    times = models.CharField(_("times"), max_length=200, help_text=_("For example: Tuesdays and Thursdays 10–12."))
    capacity = models.PositiveIntegerField(_("places"))
    open_for_sign_up = models.BooleanField(
        _("open for sign-up in Min Sida"), default=False, help_text=_("People can sign up themselves.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ("title", "id")

    def __str__(self) -> str:
        return self.title


class ActivitySession(models.Model):
    """One meeting of an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sessions")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("day", "starts_at", "id")
        constraints = (models.UniqueConstraint(fields=("activity", "day", "starts_at"), name="activity_session_once"),)

    def __str__(self) -> str:
        return f"{self.activity} {self.day}"


class EnrolmentHow(models.TextChoices):
    REFERRAL = "referral", _("Referred by an officer")
    ENROLMENT = "enrolment", _("Enrolled by an officer")
    SIGN_UP = "sign_up", _("Signed up in Min Sida")


class Enrolment(models.Model):
    """A person offered an activity (referred), and enrolled in it once they take the place."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="activity_enrolments")
    how = models.CharField(_("how"), max_length=10, choices=EnrolmentHow.choices)
    offered_on = models.DateField(_("offered on"))
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True, help_text=_("Empty while only referred."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ("person__family_name", "person__given_name", "id")
        constraints = (models.UniqueConstraint(fields=("activity", "person"), name="enrolment_once"),)

    def __str__(self) -> str:
        return f"{self.person} – {self.activity}"


class Attendance(models.Model):
    """Whether an enrolled person came to one session."""

    session = models.ForeignKey(ActivitySession, on_delete=models.PROTECT, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = (models.UniqueConstraint(fields=("session", "enrolment"), name="attendance_once"),)

    def __str__(self) -> str:
        return f"{self.enrolment} {self.session.day}"


class CivicModule(models.TextChoices):
    """The parts the civic introduction (samhällsintroduktion) can give, strengthened as the plan's report describes."""

    GENDER_EQUALITY = "gender_equality", _("Gender equality")
    CHILDCARE = "childcare", _("Childcare and preschool")
    WORK = "work", _("Work and how to find it")
    PARENTAL_LEAVE_PENSION = "parental_leave_pension", _("Parental leave and pension")
    ECONOMIC_VIOLENCE = "economic_violence", _("Economic violence")
    DISABILITY_SUPPORT = "disability_support", _("Telling Arbetsförmedlingen about a disability")


class CivicSession(models.Model):
    """A session of the civic introduction for asylum seekers (samhällsintroduktion)."""

    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("reception centre or organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="civic_sessions",
    )
    language = models.CharField(_("language"), max_length=12)
    interpreter_language = models.CharField(
        _("interpreted into"), max_length=12, blank=True, help_text=_("Empty when no interpreter took part.")
    )
    modules = models.JSONField(_("modules given"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("civic introduction session")
        verbose_name_plural = _("civic introduction sessions")
        ordering = ("-held_on", "-id")

    def __str__(self) -> str:
        return f"{self.place} {self.held_on}"


class CivicInvitation(models.Model):
    """A person called to a civic introduction session, and whether they took part (empty until recorded)."""

    session = models.ForeignKey(CivicSession, on_delete=models.PROTECT, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="civic_invitations")
    invited_on = models.DateField(_("invited on"))
    attended = models.BooleanField(_("took part"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("civic introduction invitation")
        verbose_name_plural = _("civic introduction invitations")
        ordering = ("person__family_name", "person__given_name", "id")
        constraints = (models.UniqueConstraint(fields=("session", "person"), name="civic_invitation_once"),)

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class SharedTool(models.Model):
    """A tool the agency shares with its partners for their meetings with newcomers (a dialogue tool, a site).

    Communicators keep the list; every organisation's page shows it, so a partner is told of the same tools.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it is for"))
    address = models.URLField(_("address"), max_length=500)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("The languages it is in, as the partner reads them.")
    )
    active = models.BooleanField(_("shared now"), default=True)

    class Meta:
        verbose_name = _("shared tool")
        verbose_name_plural = _("shared tools")
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name
