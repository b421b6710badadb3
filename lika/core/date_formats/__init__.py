"""Date and time formats for the languages Django ships none for (settings.FORMAT_MODULE_PATH).

Without them a Somali or Tigrinya page writes dates the American way with English month names
("Dec. 5, 2026"). ``F`` takes the full month name from the catalogues ("December" is translated).
"""
