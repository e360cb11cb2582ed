"""Which version of its original a translation follows.

A translation's ``Original_version:`` holds the fingerprint of the original's
source file as it was when the translation was made or last brought up to
date; ``invoke check`` compares it with the original's fingerprint now.
"""

import hashlib

# 12 hex digits (48 bits): short enough to copy by hand, far too many for two
# versions of one file to share by chance.
VERSION_LENGTH = 12
# Header fields that change while the words stay the same (a count updated by
# hand, or where the build reads it): changing them leaves nothing to translate.
UNTRANSLATED_FIELDS = ("signature_count", "signature_count_date", "signature_count_from")


def original_version(text: str) -> str:
    """The fingerprint of an original source file's text: the first 12 hex
    digits of SHA-256 over its UTF-8 bytes, with Windows line ends made "\\n"
    (the same file saved on another system keeps its version), leaving out
    the header's UNTRANSLATED_FIELDS lines."""
    normalized = text.replace("\r\n", "\n")
    head, blank, body = normalized.partition("\n\n")
    kept = [line for line in head.split("\n") if _field(line) not in UNTRANSLATED_FIELDS]
    normalized = "\n".join(kept) + blank + body
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def file_version(path) -> str:
    """``original_version`` of the file at ``path``, read as UTF-8 text as
    written (no newline translation, so "\\r\\n" reaches the normalization)."""
    with open(path, encoding="utf-8", newline="") as file:
        return original_version(file.read())


def _field(line):
    """The lowercase name of a ``Name: value`` header line (Pelican reads any case)."""
    name, colon, _value = line.partition(":")
    return name.strip().lower() if colon else None
