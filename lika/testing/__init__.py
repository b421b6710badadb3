"""Lika's pytest plugin: personas built through the services, the clock, the browser, the language.

The root ``conftest.py`` registers :mod:`lika.testing.plugin` once; every test can then ask for its
fixtures by name (``acting``, ``make_person``, ``make_staff``, ``clock``, ``use_language``, ``english``,
``browser``, ``page``) and import its helpers (:mod:`~lika.testing.personas`, :mod:`~lika.testing.portal`,
:mod:`~lika.testing.om_sverige`, :mod:`~lika.testing.pdf`, :mod:`~lika.testing.browser`; for files and
security, :mod:`~lika.testing.files` (files every reader must refuse), :mod:`~lika.testing.spreadsheets`
(cells that would run as formulas) and :mod:`~lika.testing.urls` (every URL with sample parameters)).

Tests are not libraries. No module imports a test module or a conftest (fixtures are used by name),
nor another app's tests; what one app's tests share lives in that app's ``tests/factories.py`` or
``tests/helpers.py``, what several share lives here. ``lika/testing/tests/test_test_imports.py`` holds
every file to that.

Two markers: ``browser`` (Chromium; skipped, with the reason, where it is missing) and ``slow`` (more
than about five seconds on a 2-core machine; ``make test`` runs them, ``-m "not slow"`` leaves them out
of a quick loop).
"""
