"""``make import``: a Blogger export (Takeout's ``feed.atom``, the Takeout ``.zip``,
or the classic "Back up content" ``.xml``) into Markdown posts and pages at the
addresses they had, with their images."""


class ImportRefused(Exception):
    """A file ``make import`` will not read: one line, and nothing is written."""


# `invoke import`'s options, as its --help explains them.
IMPORT_OPTIONS = {
    "path": "Takeout's feed.atom, the Takeout .zip, or Blogger's backup .xml",
    "domain": "the old blog's own domain, if it had one (blog.example.org), besides blogspot.com",
    "category": "the category of the imported posts (default: Blog)",
}
