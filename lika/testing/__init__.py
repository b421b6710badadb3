"""Lika's pytest plugin: personas built through the services, the clock, the browser, the language.

Tests take what they share from here, never from another test module or another app's conftest.
"""
