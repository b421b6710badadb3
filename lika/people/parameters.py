"""Legal figures the registry relies on, each with its source. Pure Python, no Django."""

from __future__ import annotations

# Föräldrabalken (1949:381) 9 kap. 1 §: whoever is under 18 is a minor (underårig). Children in a
# household are the members under this age; parents' guardianship (vårdnad) ends when it is reached.
AGE_OF_MAJORITY = 18
