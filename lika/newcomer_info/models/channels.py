"""Om Sverige's channels and the visit counter.

A channel is one way newcomers reach the Om Sverige pages: the link on Min Sida, the letter that
comes with the permit card, a screen in an office's waiting room, a post on social media. Each has a
static campaign code, the same for everyone, and a short path ``/k/<code>``. The counter keeps only
how many visits came through a channel to a landing page in a language on a day: nothing about any
visitor (see docs/channels.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 40
LANDING_PATH_MAX_LENGTH = 200
LANGUAGE_MAX_LENGTH = 12


class ChannelKind(models.TextChoices):
    MIN_SIDA = "min_sida", _("Min Sida")
    PERMIT_LETTER = "permit_letter", _("Letter with the permit card")
    OFFICE_SCREEN = "office_screen", _("Screen in an office")
    SOCIAL_POST = "social_post", _("Social media post")
    # Staff at a service office point a newcomer to the pages, with a card from the desk (report 2.1.1.2).
    STAFF_REFERRAL = "staff_referral", _("Referral by staff at an office")
    # A partner organisation's posters and leaflets (report 2.4): each partner gets its own code.
    PARTNER = "partner", _("Partner organisation's posters and leaflets")
    # The presenter's slides at the civic introduction for asylum seekers (samhällsintroduktion).
    CIVIC_INTRODUCTION = "civic_introduction", _("Slides at the civic introduction")


class Channel(models.Model):
    """A campaign code and the landing page its short path leads to."""

    code = models.SlugField(
        _("campaign code"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens; printed in the short address, e.g. /k/brev."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("name"), max_length=100)
    landing_path = models.CharField(
        _("landing page"),
        max_length=LANDING_PATH_MAX_LENGTH,
        help_text=_("The path of an Om Sverige page on this site, beginning with /, e.g. /om-sverige/."),
    )
    office = models.CharField(_("office"), max_length=60, blank=True)
    # Named for the partners part's organisation, which knows nothing of channels (docs/decisions).
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="om_sverige_channels",
        help_text=_("For a partner's channel: the organisation whose posters and leaflets carry the code."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ("kind", "code")

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"

    @property
    def short_path(self) -> str:
        """The path printed on letters and screens, e.g. ``/k/brev``."""
        from django.urls import reverse

        return reverse("newcomer_info:channel_visit", kwargs={"code": self.code})

    def short_path_to(self, page_slug: str) -> str:
        """The short path that counts a visit through this channel to one topic, e.g. ``/k/skarm-malmo/arbete``."""
        from django.urls import reverse

        return reverse("newcomer_info:channel_visit_page", kwargs={"code": self.code, "page": page_slug})


class ChannelVisitDay(models.Model):
    """How many visits came through one channel to one landing page in one language on one day.

    Only this sum is kept; no row says anything about a visitor.
    """

    day = models.DateField(_("day"))
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="visit_days")
    landing_page = models.CharField(_("landing page"), max_length=LANDING_PATH_MAX_LENGTH)
    language = models.CharField(_("language"), max_length=LANGUAGE_MAX_LENGTH)
    visits = models.PositiveIntegerField(_("visits"))

    class Meta:
        verbose_name = _("visits on a day")
        verbose_name_plural = _("visits per day")
        ordering = ("day", "channel", "landing_page", "language")
        constraints = (
            # The counter's upsert relies on this key (lika.newcomer_info.services.channel_visit_count).
            models.UniqueConstraint(
                fields=("day", "channel", "landing_page", "language"), name="channel_visit_day_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.day} {self.landing_page} {self.language}: {self.visits}"
