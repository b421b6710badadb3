"""Lika's documents: PDF/UA-1 files rendered with Typst from data that Django has already translated."""
