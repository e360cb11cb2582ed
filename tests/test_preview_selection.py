"""What a live-preview build writes: the page a browser's address stands for, and
the selection of a first build (edited and open pages) and of the rest."""

from types import SimpleNamespace

from editorial.preview import page_of
from editorial.preview_build import Selection


def test_the_open_page_is_the_file_the_preview_serves_at_that_address(tmp_path):
    for name in ("index.html", "2021/04/post.html", "pages/resolution.html", "tag/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("page", encoding="utf-8")
    base = "http://127.0.0.1:8000"
    assert page_of(f"{base}/", tmp_path) == "index.html"
    assert page_of(f"{base}/2021/04/post.html?x=1#top", tmp_path) == "2021/04/post.html"
    assert page_of(f"{base}/pages/resolution", tmp_path) == "pages/resolution.html"
    assert page_of(f"{base}/tag/", tmp_path) == "tag/index.html"
    assert page_of(f"{base}/2021/04/gone.html", tmp_path) is None
    assert page_of(f"{base}/2021/", tmp_path) is None


def item(source):
    return SimpleNamespace(source_path=source)


def test_a_first_build_writes_the_open_pages_and_the_pages_of_the_edited_sources(tmp_path):
    output = tmp_path / "output"
    edited = str(tmp_path / "content" / "post.md")
    selection = Selection(output, {"sources": [edited], "pages": ["index.html"]})
    assert selection.selected
    assert selection.wants_page("index.html") and selection.wants_page(str(output / "index.html"))
    assert not selection.wants_page("archives.html")
    assert selection.wants_item(item(edited))
    assert not selection.wants_item(item(str(tmp_path / "content" / "other.md")))

    post = SimpleNamespace(source_path=edited, save_as="2021/04/post.html")
    other = SimpleNamespace(source_path=str(tmp_path / "content" / "other.md"), save_as="o.html")
    generator = SimpleNamespace(articles=[post, other], drafts=[])
    selection.add_pages_of_sources([generator])
    assert selection.wants_page("2021/04/post.html") and not selection.wants_page("o.html")


def test_an_open_page_of_unknown_source_is_found_with_its_post(tmp_path):
    """A post open in a browser before the preview learnt its source: the first
    build finds it by its address, so its plugins' work is done before it is written."""
    output, content = tmp_path / "output", tmp_path / "content"
    selection = Selection(output, {"sources": [], "pages": ["o.html"], "find": ["o.html"]})
    other = SimpleNamespace(source_path=str(content / "other.md"), save_as="o.html")
    post = SimpleNamespace(source_path=str(content / "post.md"), save_as="p.html")
    assert not selection.wants_item(other)
    selection.add_pages_of_sources([SimpleNamespace(articles=[post, other])])
    assert selection.wants_item(other) and not selection.wants_item(post)
    assert selection.wants_page("o.html") and not selection.wants_page("p.html")


def test_the_rest_writes_everything_the_first_build_did_not(tmp_path):
    output = tmp_path / "output"
    edited = str(tmp_path / "content" / "post.md")
    rest = Selection(output, {"skip_pages": ["index.html", "a.html"], "skip_sources": [edited]})
    assert not rest.selected
    assert not rest.wants_page("index.html") and not rest.wants_page("a.html")
    assert rest.wants_page("archives.html") and rest.wants_page("tag/x.html")
    assert not rest.wants_item(item(edited))
    assert rest.wants_item(item(str(tmp_path / "content" / "other.md")))
    everything = Selection(output, {})
    assert everything.wants_page("index.html") and everything.wants_item(item(edited))
