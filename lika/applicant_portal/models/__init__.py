from lika.applicant_portal.models.identity import (
    AttemptScope,
    ContactKind,
    OneTimeCode,
    PortalContact,
    PortalIdentity,
    PortalLoginAttempt,
)
from lika.applicant_portal.models.mailings import Mailing, MailingRecipient
from lika.applicant_portal.models.messages import (
    Attachment,
    Message,
    Notification,
    PermitMessage,
    Sender,
    Thread,
)

__all__ = [
    "Attachment",
    "AttemptScope",
    "ContactKind",
    "Mailing",
    "MailingRecipient",
    "Message",
    "Notification",
    "OneTimeCode",
    "PermitMessage",
    "PortalContact",
    "PortalIdentity",
    "PortalLoginAttempt",
    "Sender",
    "Thread",
]
