"""What the registry tells the parts that may not be imported by it.

The registry is the ground other parts stand on (.importlinter): it may not call Min Sida, yet a person
granted a permit must get Min Sida's message at once. So the registry announces the decision, once its
transaction has committed, and whoever cares listens (Min Sida connects in its AppConfig.ready).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``decision`` (a granted PermitDecision) after the transaction that recorded it commits.
permit_granted = Signal()
