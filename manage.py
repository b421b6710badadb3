#!/usr/bin/env python
"""Django's command-line utility; ``lika`` is the friendlier front door to the same commands."""

import sys

from lika.__main__ import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="manage.py"))
