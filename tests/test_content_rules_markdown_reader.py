"""pelican.plugins.content_rules.markdown_reader: one Markdown instance for all
the files of a build reads each file as Pelican's own reader does, with nothing of
one file (footnotes, abbreviations, link references, metadata) reaching the next."""

from pathlib import Path
from types import SimpleNamespace

from pelican import signals
from pelican.plugins.content_rules.markdown_reader import ReusingMarkdownReader
from pelican.readers import MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG, configure_settings

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "first.md": (
        "Title: First\nDate: 2021-04-08\nTags: a, b\nSummary: *Short* and [linked][ref]\n\n"
        "Text with a note[^1] and HTML.\n\n[^1]: The note.\n\n"
        "*[HTML]: Hyper Text Markup Language\n\n[ref]: https://example.org/first\n\n"
        "```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    ),
    # Uses what the first file defined: none of it may carry over.
    "second.md": (
        "Title: Second\nDate: 2021-04-09\n\nHTML again, a [reference][ref] and a note[^1].\n\n"
        "[^1]: Its own note.\n"
    ),
    "no-metadata.md": "Just text, no header.\n\nHTML and [ref][ref].\n",
    "third.md": "Title: Third\nDate: 2021-04-10\nSummary: Plain\n\nTerm\n:   Definition\n",
}


def settings():
    return configure_settings({**DEFAULT_CONFIG, "PATH": str(ROOT / "content")})


def read_all(reader_class, folder, names):
    reader = reader_class(settings())
    return [reader.read(str(folder / name)) for name in names]


def test_reads_every_file_as_pelicans_reader_does(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    names = list(FILES) + list(reversed(FILES))
    reused = read_all(ReusingMarkdownReader, tmp_path, names)
    assert reused == read_all(MarkdownReader, tmp_path, names)
    # What would show a leak, had the first file's state been kept.
    second = dict(zip(names, reused, strict=True))["second.md"]
    assert "<abbr" not in second[0] and "example.org/first" not in second[0]
    assert "Its own note" in second[0] and second[1]["title"] == "Second"
    assert str(dict(zip(names, reused, strict=True))["third.md"][1]["summary"]) == "<p>Plain</p>"


def test_the_sites_own_content_reads_the_same(tmp_path):
    sources = sorted((ROOT / "content").rglob("*.md"))
    assert len(sources) > 1
    reused = read_all(ReusingMarkdownReader, Path("/"), sources)
    assert reused == read_all(MarkdownReader, Path("/"), sources)


class Recorder:
    def __init__(self):
        self.receivers = []

    def connect(self, receiver):
        self.receivers.append(receiver)


def test_a_build_reads_markdown_with_it(monkeypatch):
    from blinker import Signal
    from pelican.plugins.content_rules import handlers
    from pelican.plugins.content_rules.markdown_reader import use_reusing_reader

    # The plugin's register() as a build calls it, its signals recorded, not connected.
    names = [name for name, value in vars(signals).items() if isinstance(value, Signal)]
    recorded = SimpleNamespace(**{name: Recorder() for name in names})
    monkeypatch.setattr(handlers, "signals", recorded)
    monkeypatch.setattr(handlers, "report_in_one_line", lambda: None)
    handlers.register()
    assert recorded.readers_init.receivers == [use_reusing_reader]
    with signals.readers_init.connected_to(use_reusing_reader):
        readers = Readers(settings())
    assert {type(readers.readers[ext]) for ext in ("md", "markdown")} == {ReusingMarkdownReader}
    assert type(Readers(settings()).readers["md"]) is MarkdownReader
