"""Pelican's Markdown reader with one Markdown instance for every file it reads.

Pelican makes a new ``Markdown`` for each file: loading the extensions and
building the parsers again is about a fifth of reading a post. Markdown's own
``reset()`` between documents is its documented way to convert many with one
instance: it clears the document and each extension's state (footnotes,
abbreviations, the table of contents, the metadata).
"""

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

# Where markdown.extensions.meta puts its preprocessor, which Pelican takes out of
# the instance before it converts formatted fields (Summary:).
META = "meta"
META_PRIORITY = 27


class ReusingMarkdownReader(MarkdownReader):
    """Reads as Pelican's MarkdownReader does; its Markdown is made once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reused = None
        self._meta = None

    def _markdown(self):
        if self._reused is None:
            self._reused = Markdown(**self.settings["MARKDOWN"])
            self._meta = self._reused.preprocessors[META]
            if counts_documents(self._reused):
                # Each file its own Markdown, as Pelican does: a reset would change ids.
                markdown, self._reused = self._reused, None
                return markdown
        else:
            if META not in self._reused.preprocessors:
                self._reused.preprocessors.register(self._meta, META, META_PRIORITY)
            self._reused.reset()
        return self._reused

    def read(self, source_path):
        # As MarkdownReader.read, but for where its Markdown comes from.
        self._source_path = source_path
        self._md = self._markdown()
        try:
            with pelican_open(source_path) as text:
                content = self._md.convert(text)
            metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        except BaseException:
            # A conversion that failed half-way (a list nested too deep) leaves the
            # parser's state behind, which reset() does not clear: a new Markdown
            # for the next file.
            self._reused = None
            raise
        return content, metadata


def counts_documents(markdown):
    """Whether an extension numbers the documents it converts: footnotes with
    UNIQUE_IDS give each document the next prefix, reset after reset."""
    from markdown.extensions.footnotes import FootnoteExtension

    return any(
        isinstance(extension, FootnoteExtension) and extension.getConfig("UNIQUE_IDS")
        for extension in markdown.registeredExtensions
    )


def use_reusing_reader(readers):
    """For every file extension Pelican's Markdown reader reads."""
    for extension, reader in list(readers.reader_classes.items()):
        if reader is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader
