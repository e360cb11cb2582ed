"""Content with Spanish translations, built by Pelican as the project builds it."""

import re
import shutil
from pathlib import Path

from conftest import CONTENT

POST_ES = "es/2021/04/defend-immigrants-rights.html"
# The Spanish post's printable flyer, beside it under es/ (OUTREACH_FLYER_SAVE_AS).
FLYER_ES = "es/2021/04/defend-immigrants-rights-flyer.html"
RESOLUTION_ES = "es/pages/resolution.html"

SPANISH_POST = """Title: Defender los derechos de los inmigrantes
Subtitle: (para miembros de Socialistas Democráticos de América)
Date: 2021-04-08
Lang: es
Translation_of: defend-immigrants-rights
Translator: Grupo de Trabajo por los Derechos de los Inmigrantes

Necesitamos 100 firmas antes del 15 de abril para que la resolución llegue al pleno.

[Firma para apoyar la resolución]({signature_form})
"""
SPANISH_RESOLUTION = """Title: Resolución sobre la defensa de inmigrantes y refugiados
Lang: es
Translation_of: resolution
Menu_title: La resolución
Translator: Grupo de Trabajo por los Derechos de los Inmigrantes

Una resolución prioritaria para la Convención de 2021.
"""


def spanish_content(root, post=SPANISH_POST, resolution=SPANISH_RESOLUTION, extra=None):
    """The project's content, plus a Spanish post and resolution page."""
    content = Path(root) / "content"
    shutil.copytree(CONTENT, content)
    # English and Spanish only: the Arabic translation has tests of its own.
    shutil.rmtree(content / "ar")
    # The project's own translations are replaced by these (or removed, for None).
    for folder, name, text in (
        ("es", "2021-04-08-defend-immigrants-rights.md", post),
        ("pages/es", "resolution.md", resolution),
    ):
        path = content / folder / name
        path.parent.mkdir(exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, "utf-8")
    for name, text in (extra or {}).items():
        (content / name).write_text(text, "utf-8")
    return content


def editor_strings(content):
    """Words editors wrote in the metadata (titles, categories, tags…): not the site's."""
    found = set()
    for path in Path(content).rglob("*.md"):
        for line in path.read_text("utf-8").split("\n\n", 1)[0].splitlines():
            name, _, value = line.partition(":")
            if name.lower() in ("title", "subtitle", "menu_title", "category"):
                found.add(value.strip())
            elif name.lower() == "tags":
                found.update(tag.strip() for tag in value.split(","))
    return sorted(found, key=len, reverse=True)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
