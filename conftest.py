"""The suite's fixtures live in the project's pytest plugin, :mod:`lika.testing`, registered here once."""

pytest_plugins = ["lika.testing.plugin"]
