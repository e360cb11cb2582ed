"""A Blogger post's HTML as clean Markdown: paragraphs out of Blogger's div and
br soup, styles and obsolete attributes gone, every sentence kept in order.
Images point at local copies, embeds become links, scripts go, links to the
old blog lead to the posts here. markdownify writes the Markdown."""

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString
from markdownify import MarkdownConverter

from .images import short

# Blocks that make paragraphs of their own.
BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
    "table", "tr", "td", "th", "hr", "center", "figure", "figcaption", "dl", "dt", "dd",
}  # fmt: skip
# Tags that go, their words (if any) staying in the text.
UNWRAPPED = ("noscript", "link", "meta", "form", "input", "button", "label", "select")
EMBEDS = ("iframe", "video", "audio", "object", "embed")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp")
IMAGE_HOSTS = ("bp.blogspot.com", "blogger.googleusercontent.com", "googleusercontent.com")


@dataclass
class Body:
    markdown: str
    # (text to find in the written file, message): said as file:line: warning
    warnings: list[tuple[str, str]] = field(default_factory=list)
    images: int = 0


class _Converter(MarkdownConverter):
    """markdownify, with text that Markdown would read as markup escaped: raw
    HTML (`<`, `&`), links (`[`), code (`` ` ``) and line starts (`#`, `1.`, `-`, `>`)."""

    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        text = re.sub(r"([\[\]`])", r"\\\1", text)
        text = re.sub(r"^(\s*)([#>+-])", r"\1\\\2", text)
        return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text)


CONVERTER = _Converter(heading_style="ATX", bullets="-", strip_document="strip")


def is_image_url(url):
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.path.lower().endswith(IMAGE_SUFFIXES) or any(
        host == h or host.endswith(f".{h}") for h in IMAGE_HOSTS
    )


def convert(html, image_for, link_for):
    """``html`` as Markdown. ``image_for(url)`` gives an image's local address
    (or None, and says why, when it cannot be had); ``link_for(url)`` the
    address here of a link to the old blog (or None to keep it)."""
    soup = BeautifulSoup(html, "html.parser")
    warnings = []
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for name in ("script", "style"):
        for tag in soup.find_all(name):
            if name == "script":
                source = tag.get("src") or "inline code"
                warnings.append(("", f"a script ({short(source)}) was dropped: the site runs none"))
            tag.decompose()
    for tag in soup.find_all(EMBEDS):
        if tag.parent is None:
            continue
        _embed_to_link(soup, tag, warnings)
    _styles_to_emphasis(soup)
    for table in soup.find_all("table", class_="tr-caption-container"):
        _caption_table(soup, table)
    images = 0
    for img in soup.find_all("img"):
        images += _image(soup, img, image_for, warnings)
    plain = []
    for a in soup.find_all("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("javascript:"):
            a.unwrap()
            continue
        if href.startswith(("{", "|")):
            # Pelican would read {filename}/… or |static|… as a link to a file here.
            warnings.append(
                (a.get_text(" ", strip=True), f"a link to {short(href)!r}, which is no web "
                 "address, was removed; its words stay")
            )  # fmt: skip
            a.unwrap()
            continue
        a.attrs = {"href": link_for(href) or href}
        if a["href"].startswith("http://"):
            plain.append(a["href"])
    if plain:
        warnings.append(
            (plain[0], f"{len(plain)} link(s) use http://, which publishing refuses (first: "
             f"{short(plain[0])}); change each to https:// where its site has it")
        )  # fmt: skip
    _unwrap_all(soup.find_all(UNWRAPPED))
    for tag in soup.find_all(True):
        if tag.name not in ("a", "img"):
            tag.attrs = {}
    _unwrap_all(
        soup.find_all(("span", "font", "center", "u", "small", "big", "section", "article"))
    )
    _paragraphs(soup)
    try:
        markdown = CONVERTER.convert_soup(soup)
    except RecursionError:
        # markdownify recurses once per level of nesting; a hostile post nests deeper.
        lines = (" ".join(line.split()) for line in soup.get_text("\n").split("\n"))
        markdown = "\n\n".join(CONVERTER.escape(line, set()) for line in lines if line)
        warnings.append(
            ("", "its HTML is nested too deeply to convert: its words are kept as plain "
             "paragraphs; check its bold, links and lists")
        )  # fmt: skip
    return Body(_tidy(markdown), warnings, images)


def video_address(src):
    """A player's address as the address of the video to watch."""
    parts = urlsplit(src if "://" in src else f"https:{src}" if src.startswith("//") else src)
    host = (parts.hostname or "").lower()
    if host.endswith(("youtube.com", "youtube-nocookie.com")) and parts.path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={parts.path.split('/')[2]}"
    if host == "player.vimeo.com" and parts.path.startswith("/video/"):
        return f"https://vimeo.com/{parts.path.split('/')[2]}"
    return parts.geturl()


def _embed_to_link(soup, tag, warnings):
    src = tag.get("src") or tag.get("data") or ""
    if not src:
        source = tag.find("source", src=True)
        src = source["src"] if source else ""
    if not src:
        warnings.append(("", f"an empty <{tag.name}> was dropped"))
        tag.decompose()
        return
    address = video_address(src.strip())
    host = urlsplit(address).hostname or "another site"
    words = (tag.get("title") or "").strip() or f"Watch the video on {host}"
    paragraph = soup.new_tag("p")
    link = soup.new_tag("a", href=address)
    link.string = words
    paragraph.append(link)
    tag.replace_with(paragraph)
    warnings.append(
        (address, f"an embedded <{tag.name}> became a link to {short(address)}: the site loads "
         "nothing from other sites")
    )  # fmt: skip


def _styles_to_emphasis(soup):
    """Blogger's bold and italic spans as <strong> and <em>, before styles go."""
    for span in soup.find_all("span", style=True):
        style = span["style"].replace(" ", "").lower()
        # Inside the span, not around it: wrap() looks the span up among its siblings.
        if "font-style:italic" in style:
            _wrap_children(span, soup.new_tag("em"))
        if "font-weight:bold" in style or re.search(r"font-weight:[6-9]00", style):
            _wrap_children(span, soup.new_tag("strong"))


def _wrap_children(tag, wrapper):
    for child in list(tag.contents):
        wrapper.append(child)
    tag.append(wrapper)


def _caption_table(soup, table):
    """Blogger's captioned image (a table): the image, then its caption as a paragraph."""
    parts = []
    for cell in table.find_all("td"):
        if "tr-caption" in (cell.get("class") or []):
            caption = soup.new_tag("p")
            for child in list(cell.contents):
                caption.append(child.extract())
            parts.append(caption)
        else:
            holder = soup.new_tag("div")
            for child in list(cell.contents):
                holder.append(child.extract())
            parts.append(holder)
    caption_text = " ".join(p.get_text(" ", strip=True) for p in parts if p.name == "p")
    for img in (img for p in parts for img in p.find_all("img")):
        img["data-caption"] = caption_text
    for part in parts:
        table.insert_before(part)
    table.decompose()


def _image(soup, img, image_for, warnings):
    """The image, or its thumbnail's full size, as one local image. Returns 1 if local."""
    src = (img.get("src") or "").strip()
    link = img.parent if img.parent is not None and img.parent.name == "a" else None
    full = None
    thumbnail = link is not None and not link.get_text(strip=True)
    if thumbnail and len(link.find_all("img")) == 1 and is_image_url(link.get("href") or ""):
        full = link["href"].strip()
    given_alt = (img.get("alt") or img.get("title") or "").strip()
    caption = img.get("data-caption", "").strip()
    local, problem = image_for(full) if full else (None, None)
    if local is None:
        local, problem = image_for(src) if src else (None, "it has no address")
    address = full or src
    if local is None:
        # No picture from another site: a link to it, with its words.
        words = given_alt or caption or "Image"
        replacement = soup.new_tag("a", href=address) if address.startswith("http") else None
        text = f"[{words}]" if replacement is None else words
        if replacement is not None:
            replacement.string = text
        else:
            replacement = NavigableString(text)
        (link if full else img).replace_with(replacement)
        warnings.append(
            (address or words, f"image {short(address)} could not be fetched ({problem}); "
             "it is a link to the old address: save the picture in content/images/ and link it")
        )  # fmt: skip
        return 0
    alt = given_alt or caption or _words_of(address)
    new = soup.new_tag("img", src=local, alt=alt)
    (link if full else img).replace_with(new)
    if not given_alt:
        source = "its caption" if caption else "its file name"
        warnings.append(
            (local, f"image {local} has no description; its alt text {alt!r} comes from "
             f"{source}: write what it shows between the brackets")
        )  # fmt: skip
    return 1


def _words_of(url):
    stem = PurePosixPath(unquote(urlsplit(url).path)).stem
    words = re.sub(r"[\W_]+", " ", stem).strip()
    if not words or words.isdigit():
        query = parse_qs(urlsplit(url).query)
        words = " ".join(query.get("name", [])) or "picture"
    return f"Picture: {words}"


def _paragraphs(soup):
    """Runs of text and inline markup between blocks, and between blank lines
    (two <br>), become <p>; a single <br> stays a line break."""
    for container in [soup, *soup.find_all(["div", "td", "th", "li", "blockquote", "dd"])]:
        groups, current = [], []
        for child in list(container.children):
            if getattr(child, "name", None) in BLOCKS:
                groups.append(current)
                current = []
            else:
                current.append(child)
        groups.append(current)
        # A list item or cell of plain text stays as it is, unless blank lines split it.
        wrap = container is soup or container.name == "div" or len(groups) > 1
        for group in groups:
            _split_at_blank_lines(soup, group, wrap)
    _unwrap_all(soup.find_all("div"))


def _unwrap_all(tags):
    """``tag.unwrap()`` for each of ``tags``, in a time that grows with the post:
    BeautifulSoup looks each tag up among its siblings from the first, which takes
    minutes on a long post of many paragraphs. Last first, so that the places of
    the siblings before each stay as they were noted."""
    places = {}  # id(parent): {id(child): its place}
    for tag in reversed(tags):
        parent = tag.parent
        if parent is None:
            continue
        known = places.get(id(parent), {})
        position = known.get(id(tag))
        if (
            position is None
            or position >= len(parent.contents)
            or parent.contents[position] is not tag
        ):
            known = places[id(parent)] = {id(child): n for n, child in enumerate(parent.contents)}
            position = known[id(tag)]
        tag.extract(_self_index=position)
        # First to last: each child is then the first of the tag, found at once.
        for offset, child in enumerate(list(tag.contents)):
            parent.insert(position + offset, child)


def _split_at_blank_lines(soup, nodes, wrap):
    runs, current, breaks = [], [], []
    for node in nodes:
        if getattr(node, "name", None) == "br":
            breaks.append(node)
            continue
        if isinstance(node, NavigableString) and not node.strip() and breaks:
            node.extract()
            continue
        if len(breaks) >= 2 or (breaks and not current):
            for br in breaks:
                br.decompose()
            runs.append(current)
            current = []
        else:
            current.extend(breaks)
        breaks = []
        current.append(node)
    for br in breaks:
        br.decompose()
    runs.append(current)
    runs = [run for run in runs if any(_has_words(node) for node in run)]
    if not wrap and len(runs) <= 1:
        return
    for run in runs:
        paragraph = soup.new_tag("p")
        run[0].insert_before(paragraph)
        for node in run:
            paragraph.append(node.extract())


def _has_words(node):
    if isinstance(node, NavigableString):
        return bool(node.strip())
    return bool(node.get_text(strip=True)) or node.find("img") is not None or node.name == "img"


def _tidy(markdown):
    lines = [line.rstrip() if not line.strip() else line for line in markdown.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r" +\n(?=\n)", "\n", text)  # a line break before a blank line
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"
