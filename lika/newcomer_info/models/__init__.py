"""Om Sverige: the pages communicators write and translate, and the channels that lead to them."""

from lika.newcomer_info.models.channels import (
    CODE_MAX_LENGTH,
    LANDING_PATH_MAX_LENGTH,
    LANGUAGE_MAX_LENGTH,
    Channel,
    ChannelKind,
    ChannelVisitDay,
)
from lika.newcomer_info.models.pages import (
    AccessibilityStatementPage,
    ComplianceStatus,
    OmSverigeIndexPage,
    PageTranslationReview,
    TopicPage,
)

__all__ = [
    "CODE_MAX_LENGTH",
    "LANDING_PATH_MAX_LENGTH",
    "LANGUAGE_MAX_LENGTH",
    "AccessibilityStatementPage",
    "Channel",
    "ChannelKind",
    "ChannelVisitDay",
    "ComplianceStatus",
    "OmSverigeIndexPage",
    "PageTranslationReview",
    "TopicPage",
]
