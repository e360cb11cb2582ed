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


# Found by attacking the reader: a file that makes Markdown raise must leave
# nothing for the next, and a setting that numbers documents must not depend on
# how many were read before.
PLAIN = "Title: Plain\nDate: 2021-04-08\n\nA *plain* paragraph.\n\nAnother.\n"
STOCK = "<p>A <em>plain</em> paragraph.</p>\n<p>Another.</p>"


def deep(levels):
    return "Title: Deep\nDate: 2019-05-05\n\n" + "".join(
        "    " * i + "- level\n" for i in range(levels)
    )


def at_depth(frames, action):
    # Where the recursion limit hits depends on the caller's stack.
    return action() if frames == 0 else at_depth(frames - 1, action)


def read_after(reader_class, folder, frames):
    reader = reader_class(configure_settings({**DEFAULT_CONFIG, "PATH": str(folder)}))
    raised = False
    try:
        at_depth(frames, lambda: reader.read(str(folder / "deep.md")))
    except RecursionError:
        raised = True
    return raised, reader.read(str(folder / "plain.md"))[0]


def test_a_file_that_raises_leaves_nothing_for_the_next(tmp_path):
    (tmp_path / "plain.md").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "deep.md").write_text(deep(300), encoding="utf-8")
    outcomes = {
        frames: read_after(ReusingMarkdownReader, tmp_path, frames) for frames in range(0, 12)
    }
    assert any(raised for raised, _ in outcomes.values())
    assert read_after(MarkdownReader, tmp_path, 0)[1] == STOCK
    wrong = {frames: text for frames, (raised, text) in outcomes.items() if text != STOCK}
    assert wrong == {}


UNIQUE_IDS_MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {"footnotes": {"UNIQUE_IDS": True}},
        "markdown.extensions.meta": {},
    }
}


def read_each(reader_class, folder, names):
    settings = configure_settings(
        {**DEFAULT_CONFIG, "PATH": str(folder), "MARKDOWN": UNIQUE_IDS_MARKDOWN}
    )
    reader = reader_class(settings)
    return [reader.read(str(folder / name))[0] for name in names]


def test_footnote_ids_do_not_depend_on_the_files_read_before(tmp_path):
    names = [f"post{i}.md" for i in range(4)]
    for name in names:
        (tmp_path / name).write_text(f"Title: {name}\n\nA note[^a].\n\n[^a]: Note.\n", "utf-8")
    assert read_each(ReusingMarkdownReader, tmp_path, names) == read_each(
        MarkdownReader, tmp_path, names
    )
