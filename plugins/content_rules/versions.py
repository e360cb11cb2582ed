"""Which version of its original a translation follows.

A translation's ``Original_version:`` holds the fingerprint of the original's
source file as it was when the translation was made or last brought up to
date; ``invoke check`` compares it with the original's fingerprint now.
"""

import hashlib

# 12 hex digits (48 bits): short enough to copy by hand, far too many for two
# versions of one file to share by chance.
VERSION_LENGTH = 12


def original_version(text: str) -> str:
    """The fingerprint of an original source file's text: the first 12 hex
    digits of SHA-256 over its UTF-8 bytes, with Windows line ends made "\\n"
    (the same file saved on another system keeps its version)."""
    normalized = text.replace("\r\n", "\n")
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def file_version(path) -> str:
    """``original_version`` of the file at ``path``, read as UTF-8 text as
    written (no newline translation, so "\\r\\n" reaches the normalization)."""
    with open(path, encoding="utf-8", newline="") as file:
        return original_version(file.read())
