"""Cards, card exceptions, reductions, individual decisions and the monthly payment run."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lika.people.models import DatedPeriod, Household, PeriodQuerySet, Person, period_constraint


class ImmutableError(RuntimeError):
    """A stored decision or document was about to be changed; they are never changed, only superseded."""


class CardStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    ACTIVE = "active", _("Active")
    BLOCKED = "blocked", _("Blocked")
    REPLACED = "replaced", _("Replaced")


USABLE_CARD_STATUSES = (CardStatus.ORDERED, CardStatus.ACTIVE)


class CardQuerySet(models.QuerySet["Card"]):
    def usable(self) -> CardQuerySet:
        """Cards money can be paid to: ordered or active, not blocked or replaced."""
        return self.filter(status__in=USABLE_CARD_STATUSES)


class Card(models.Model):
    """A payment card and the account behind it. Every adult has their own unless an officer chose otherwise."""

    holder = models.ForeignKey(
        Person, verbose_name=_("card holder"), on_delete=models.PROTECT, related_name="allowance_cards"
    )
    reference = models.CharField(_("card reference"), max_length=20, unique=True)
    # From the officer who orders the card, or later from the card issuer (card_account_set); empty
    # until then, and payments to the card are held while it is. Lika never makes one up.
    account_iban = models.CharField(
        _("account (IBAN)"), max_length=34, blank=True, help_text=_("Empty until the card issuer reports it.")
    )
    status = models.CharField(_("status"), max_length=8, choices=CardStatus.choices, default=CardStatus.ORDERED)
    ordered_on = models.DateField(_("ordered on"))
    activated_on = models.DateField(_("activated on"), null=True, blank=True)
    closed_on = models.DateField(_("blocked or replaced on"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment card")
        verbose_name_plural = _("payment cards")
        ordering = ("holder", "ordered_on", "id")
        constraints = (
            # One usable card per person at a time: a new one replaces the old.
            models.UniqueConstraint(
                fields=("holder",), condition=Q(status__in=("ordered", "active")), name="card_one_usable_per_holder"
            ),
        )

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_status_display()})"

    @property
    def usable(self) -> bool:
        return self.status in USABLE_CARD_STATUSES

    @property
    def has_account(self) -> bool:
        """Whether money can be sent to the card: its account is known."""
        return bool(self.account_iban)


class ExceptionKind(models.TextChoices):
    JOINT_CARD = "joint_card", _("Joint card: paid to a card shared with another adult")
    SINGLE_PAYEE = "single_payee", _("Single payee: paid to another adult's card")


class ExceptionReason(models.TextChoices):
    """The closed list of reasons an officer may give for not paying an adult on their own card."""

    OWN_WRITTEN_REQUEST = (
        "own_written_request",
        _("The person asked for it in writing, without the other adult present"),
    )
    CANNOT_USE_CARD = "cannot_use_card", _("The person cannot use a card, for example because of illness")
    CARD_CANNOT_BE_ISSUED = "card_cannot_be_issued", _("An own card cannot be issued to the person yet")


class CardException(DatedPeriod):
    """An active choice by an officer: an adult's money goes to a card that is not their own."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="card_exceptions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ExceptionKind.choices)
    card = models.ForeignKey(Card, verbose_name=_("paid to card"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=24, choices=ExceptionReason.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("card exception")
        verbose_name_plural = _("card exceptions")
        ordering = ("person", "start_date")
        constraints = (period_constraint("card_exception_period_valid"),)

    def __str__(self) -> str:
        return f"{self.person} → {self.card}"


class ReductionGround(models.TextChoices):
    """The grounds in LMA 10 § for reducing an adult's daily allowance."""

    REFUSES_ACTIVITY = "refuses_activity", _("Refuses to take part in activities without good reason")
    IDENTITY = "identity", _("Does not help to establish their identity")
    KEEPS_AWAY = "keeps_away", _("Keeps away so that a decision cannot be carried out")


class Reduction(DatedPeriod):
    """A reduction (nedsättning, LMA 10 §) of an adult's allowance, in öre per day.

    The rules never let it take the part meant for the person's own food; the amount here is what
    the officer decided, the amount applied may be smaller.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="reductions")
    ground = models.CharField(_("ground"), max_length=16, choices=ReductionGround.choices)
    daily_ore = models.PositiveIntegerField(_("reduction per day (öre)"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reduction")
        verbose_name_plural = _("reductions")
        ordering = ("person", "start_date")
        constraints = (period_constraint("reduction_period_valid"),)

    def __str__(self) -> str:
        return f"{self.person} · {self.daily_ore} öre/day"


class _Immutable(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(f"{self._meta.verbose_name} {self.pk} is stored for good and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError(f"{self._meta.verbose_name} {self.pk} is stored for good and cannot be deleted.")


class Decision(_Immutable):
    """An individual decision on one adult's daily allowance for one month; the adult is the addressee.

    A change of facts never edits a decision: a new one supersedes it.
    """

    person = models.ForeignKey(Person, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="decisions")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.CharField(_("month"), max_length=7, help_text="YYYY-MM")
    number = models.CharField(_("decision number"), max_length=32, unique=True)
    sequence = models.PositiveSmallIntegerField(_("version"))
    supersedes = models.OneToOneField(
        "self", verbose_name=_("supersedes"), null=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    allowance_ore = models.BigIntegerField(_("own allowance (öre)"))
    payout_ore = models.BigIntegerField(_("paid to own card (öre)"))
    explanation = models.JSONField(_("explanation"))
    digest = models.CharField(max_length=64)
    rules_version = models.CharField(_("rules version"), max_length=20)
    parameters_version = models.CharField(_("parameters version"), max_length=80)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("allowance decision")
        verbose_name_plural = _("allowance decisions")
        ordering = ("-month", "person", "-sequence")
        constraints = (models.UniqueConstraint(fields=("person", "month", "sequence"), name="decision_version_unique"),)
        indexes = (models.Index(fields=("month", "person"), name="decision_month_person_idx"),)

    def __str__(self) -> str:
        return self.number


class DecisionDocument(_Immutable):
    """A decision rendered as PDF/UA-1 in one language; the bytes are kept with their SHA-256."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="documents")
    language = models.CharField(max_length=8)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("decision", "language"), name="decision_document_language"),)

    def __str__(self) -> str:
        return f"{self.decision} ({self.language})"


class RunStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, waiting for approval")
    APPROVED = "approved", _("Approved, ready to execute")
    EXECUTING = "executing", _("Executing")
    EXECUTED = "executed", _("Executed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_RUN_STATUSES = (RunStatus.PREPARED, RunStatus.APPROVED, RunStatus.EXECUTING)
# A run's files: tens of megabytes at a million persons, saved apart from the rest of the run and read only
# when asked for.
RUN_FILE_FIELDS = ("payment_file", "card_load_lines")


class PaymentRun(models.Model):
    """One month's payment of the daily allowance: prepared by one officer, approved by another, executed once."""

    month = models.CharField(_("month"), max_length=7)
    status = models.CharField(_("status"), max_length=9, choices=RunStatus.choices, default=RunStatus.PREPARED)
    execution_date = models.DateField(_("payment date"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    payments_count = models.PositiveIntegerField(_("payments"), default=0)
    total_ore = models.BigIntegerField(_("total to pay (öre)"), default=0)
    held_count = models.PositiveIntegerField(_("payments held"), default=0)
    held_ore = models.BigIntegerField(_("total held (öre)"), default=0)
    # People whom earlier runs paid more than the month now gives them; recovering it is a
    # decision of its own (återkrav), not something a run does.
    overpaid_count = models.PositiveIntegerField(_("persons overpaid"), default=0)
    overpaid_ore = models.BigIntegerField(_("total overpaid (öre)"), default=0)
    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    payment_file = models.BinaryField(_("payment file (pain.001)"), null=True, editable=False)
    payment_file_sha256 = models.CharField(max_length=64, blank=True)
    card_load_lines = models.TextField(_("card-load lines"), blank=True)

    class Meta:
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        ordering = ("-month", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("month",), condition=Q(status__in=("prepared", "approved", "executing")), name="run_one_open"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("prepared_by")),
                name="run_four_eyes",
            ),
        )
        permissions = (
            ("prepare_paymentrun", "Can prepare a payment run"),
            ("approve_paymentrun", "Can approve and execute a payment run"),
        )

    def __str__(self) -> str:
        return f"{self.month} #{self.pk}"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("To be paid")
    PAID = "paid", _("Paid")
    HELD = "held", _("Held, not paid")


class HeldReason(models.TextChoices):
    """Why a payment is held; a held payment stays owed, and a later run of the month pays it."""

    NO_USABLE_CARD = "no_card", _("No usable card")
    NO_ACCOUNT = "no_account", _("The card has no account yet")


class Entitlement(models.Model):
    """A person's computed allowance and payout for the run's month, as the run saw the facts."""

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="entitlements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, null=True, on_delete=models.PROTECT, related_name="+")
    allowance_ore = models.BigIntegerField()
    payout_ore = models.BigIntegerField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=("run", "person"), name="entitlement_once_per_run"),)

    def __str__(self) -> str:
        return f"{self.run} · {self.person_id}"


class Payment(models.Model):
    """One transfer in a run: what a person is owed for the month, less what earlier runs already paid."""

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="payments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allowance_payments")
    month = models.CharField(max_length=7)
    card = models.ForeignKey(Card, null=True, on_delete=models.PROTECT, related_name="payments")
    amount_ore = models.BigIntegerField()
    end_to_end_id = models.CharField(max_length=35, unique=True)
    status = models.CharField(max_length=7, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    held_reason = models.CharField(max_length=10, choices=HeldReason.choices, blank=True, default="")
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("run", "person"), name="payment_once_per_run"),
            models.CheckConstraint(condition=Q(amount_ore__gt=0), name="payment_positive"),
            # A held payment says why, and only a held one: the run's page counts held money by reason.
            models.CheckConstraint(
                condition=(Q(status="held") & ~Q(held_reason="")) | (~Q(status="held") & Q(held_reason="")),
                name="payment_held_has_reason",
            ),
        )
        # No index holds the status (a run's payments are found by its run), and on PostgreSQL the table's pages are
        # written half full (migration 0006): marking a payment paid then rewrites the row in place on its page, a
        # heap-only update, instead of adding an entry to each of its indexes for every payment of the run.
        indexes = (models.Index(fields=("person", "month"), name="payment_person_month_idx"),)

    def __str__(self) -> str:
        return self.end_to_end_id


class ImpactAssessment(models.Model):
    """A proposed rule change assessed on one month's caseload: what it does to women and men.

    ``result`` holds only published, protected figures (:mod:`lika.allowance.impact`); the proposal is
    kept as written, so the assessment can be read again and linked to a measure of the plan.
    """

    month = models.CharField(max_length=7)
    title = models.CharField(max_length=200)
    proposal_text = models.TextField()
    proposal_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200, blank=True)
    result = models.JSONField()
    # None: made by a job (the demo's set-up, say); the audit trail names it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.title} ({self.month})"
