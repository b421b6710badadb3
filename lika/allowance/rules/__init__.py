"""The LMA daily allowance (dagersättning) as pure rules: dated parameters in, öre and reasons out.

No Django, no database and no clock in this package (architecture principle 4). Bump
``RULES_VERSION`` whenever a change here can change an amount or an explanation; it is stored with
every decision so that an old decision can be traced to the rules that made it.
"""

RULES_VERSION = "2026.11.1"
