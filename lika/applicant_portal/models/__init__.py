from lika.applicant_portal.models.identity import (
    AttemptScope,
    ContactKind,
    OneTimeCode,
    PortalContact,
    PortalIdentity,
    PortalLoginAttempt,
)
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
