"""Synthetic sites: campaign posts like the original, as Pelican and as Hugo content."""

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .project import BENCH, FORM_MARKER, ORIGINAL_POST, RESOLUTION_PAGE, split_metadata

SITE_ZONE = ZoneInfo("America/New_York")
FIRST_POST = dt.datetime(2001, 1, 1, 9, 0, tzinfo=SITE_ZONE)
# Posts are spread over this span, as on a blog this old, whatever their number.
YEARS = 25
RESOLUTION_LINK = "{filename}/pages/resolution.md"
CATEGORIES = ("Immigrants' Rights", "Labor", "Housing", "Health Care", "Climate")
# The mixes of posts a site holds: every other post a campaign, all closed (the
# campaign-heavy case), or a real blog's, one post in 25 a campaign,
# the newest two still open (what an import of an old blog brings in).
EVERY_OTHER, BLOG = "every-other", "blog"
MIXES = {
    EVERY_OTHER: "every other post a campaign, all closed",
    BLOG: "one post in 25 a campaign, two open (a real blog's mix)",
}
BLOG_CAMPAIGN_EVERY = 25
BLOG_OPEN_CAMPAIGNS = 2
# In the blog mix, how long the open campaigns still run after the newest post.
BLOG_OPEN_FOR = dt.timedelta(days=60)


@dataclass
class Post:
    number: int
    date: dt.datetime
    title: str
    subtitle: str
    category: str
    tags: list
    signature_form: str
    deadline: str
    goal: int
    body: str
    campaign: bool = True

    @property
    def slug(self):
        return f"campaign-{self.number:04d}"

    @property
    def filename(self):
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"


def runs_campaign(count, number, mix):
    """Whether post ``number`` of ``count`` runs a campaign: the newest always does."""
    every = 2 if mix == EVERY_OTHER else BLOG_CAMPAIGN_EVERY
    return (count - number) % every == 0


def synthetic_posts(count, mix=EVERY_OTHER):
    """``count`` posts like the original, spread evenly over 25 years, the newest
    last; campaigns as ``mix`` says (MIXES), the newest among them."""
    if mix not in MIXES:
        raise ValueError(f"mix {mix!r} is not one of {', '.join(MIXES)}")
    metadata, body = split_metadata(ORIGINAL_POST.read_text(encoding="utf-8"))
    tags = [tag.strip() for tag in metadata["tags"].split(",")]
    step = dt.timedelta(days=365.25 * YEARS) / max(count, 1)
    newest = FIRST_POST + step * (count - 1)
    open_from = count - (BLOG_OPEN_CAMPAIGNS - 1) * BLOG_CAMPAIGN_EVERY
    posts = []
    for number in range(1, count + 1):
        date = FIRST_POST + step * (number - 1)
        campaign = runs_campaign(count, number, mix)
        deadline = date + dt.timedelta(days=5)
        if mix == BLOG and number >= open_from:
            deadline = newest + BLOG_OPEN_FOR
        posts.append(
            Post(
                number=number,
                date=date,
                title=f"{metadata['title']}, campaign {number}",
                subtitle=metadata.get("subtitle", ""),
                category=CATEGORIES[number % len(CATEGORIES)],
                # Letters, not numbers: Pelican's default pagination names page 5 of
                # tag "x 1" x-15.html, the first page of tag "x 15".
                tags=[*tags, f"petition {chr(ord('a') + number % 20)}"],
                signature_form=f"https://example.org/sign/campaign-{number:04d}",
                deadline=f"{deadline:%Y-%m-%d}",
                goal=100 + number,
                # A post without a campaign links to the resolution instead.
                body=body if campaign else body.replace(FORM_MARKER, RESOLUTION_LINK),
                campaign=campaign,
            )
        )
    return posts


def campaign_now(posts, mix=EVERY_OTHER):
    """The build clock: a day after the newest post. Every other: a week after,
    when every campaign has closed. A blog: only the campaigns still running are open."""
    days = 1 if mix == BLOG else 7
    when = posts[-1].date + dt.timedelta(days=days)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def resolution_body():
    _, body = split_metadata(RESOLUTION_PAGE.read_text(encoding="utf-8"))
    return body


def write_pelican_site(folder, posts, replace_marker):
    """The posts as Pelican Markdown, with the resolution page they link to.

    ``replace_marker`` puts each form's address where the plugin would, for
    builds without the plugin (which would otherwise warn about the marker).
    """
    (folder / "pages").mkdir(parents=True)
    newest = posts[-1]
    for post in posts:
        body = post.body.replace(FORM_MARKER, post.signature_form) if replace_marker else post.body
        campaign = (
            f"Signature_form: {post.signature_form}\n"
            f"Deadline: {post.deadline}\n"
            f"Signature_goal: {post.goal}\n"
            if post.campaign
            else ""
        )
        (folder / post.filename).write_text(
            f"Title: {post.title}\n"
            f"Subtitle: {post.subtitle}\n"
            f"Date: {post.date:%Y-%m-%d %H:%M}\n"
            f"Slug: {post.slug}\n"
            f"Category: {post.category}\n"
            f"Tags: {', '.join(post.tags)}\n"
            f"{campaign}\n"
            f"{body}",
            encoding="utf-8",
        )
    page = resolution_body().replace(ORIGINAL_POST.name, newest.filename)
    if replace_marker:
        page = page.replace(FORM_MARKER, newest.signature_form)
    (folder / "pages" / "resolution.md").write_text(
        "Title: Resolution On Defense of Immigrants and Refugees\n"
        "Slug: resolution\n"
        f"Campaign: {newest.slug}\n\n{page}",
        encoding="utf-8",
    )


def hugo_front_matter(fields):
    # JSON values are valid YAML, and need no escaping rules of their own.
    lines = [f"{key}: {json.dumps(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def hugo_links(text, posts_by_file):
    text = text.replace("{filename}/pages/resolution.md", "/pages/resolution/")
    for filename, post in posts_by_file.items():
        text = text.replace(f"{{filename}}/{filename}", f"/posts/{post.slug}/")
    return text


def write_hugo_site(folder, posts):
    """The same posts as a Hugo site with the minimal layouts in bench/hugo/."""
    shutil.copytree(BENCH / "hugo", folder)
    (folder / "content" / "posts").mkdir(parents=True)
    (folder / "content" / "pages").mkdir()
    newest = posts[-1]
    for post in posts:
        fields = {
            "title": post.title,
            "subtitle": post.subtitle,
            "date": post.date.isoformat(),
            "slug": post.slug,
            "categories": [post.category],
            "tags": post.tags,
        }
        if post.campaign:
            fields |= {
                "signature_form": post.signature_form,
                "deadline": post.deadline,
                "signature_goal": post.goal,
            }
        front = hugo_front_matter(fields)
        body = hugo_links(post.body.replace(FORM_MARKER, post.signature_form), {})
        (folder / "content" / "posts" / post.filename).write_text(front + body, encoding="utf-8")
    page = resolution_body().replace(FORM_MARKER, newest.signature_form)
    page = hugo_links(page.replace(ORIGINAL_POST.name, newest.filename), {newest.filename: newest})
    front = hugo_front_matter({"title": "Resolution On Defense of Immigrants and Refugees"})
    (folder / "content" / "pages" / "resolution.md").write_text(front + page, encoding="utf-8")
