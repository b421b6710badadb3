"""Imports of registers kept outside Lika: declared schemas, all-or-nothing, each file once."""
