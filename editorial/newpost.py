"""``invoke new``: write a campaign post's file, its metadata checked by the
campaign plugin's own rules, and say where the post will appear."""

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.plugins.campaign import markup
from pelican.plugins.campaign.model import campaign_from_metadata
from pelican.plugins.campaign.rules import (
    build_clock,
    check_count_source,
    check_goal,
    check_signature_form,
    is_placeholder_form,
    parse_deadline,
    zone_named,
)
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.sources import source_name

from publishing import WorkflowError

from .answers import NewPostError, check_line
from .site import SETTINGS_FILE, load_settings, read_site

# The body of a new post. `invoke check` warns while these sentences are
# still in a post that is not a draft.
SKELETON_LINES = (
    "Say here, in a sentence or two, what readers are asked to sign and why it matters now.",
    "Explain the campaign here: who asks, what the signatures will do, and what happens next.",
)
EXPECTED_TITLE = "a few words on one line, like Defend Immigrants' Rights"
EXPECTED_DATE = "a date (2021-04-08) or a date and time (2021-04-08 09:30)"


# `invoke new`'s options, as its --help explains them.
NEW_POST_OPTIONS = {
    "title": "the post's title, in any language",
    "deadline": "when signing closes: 2021-04-13, 2021-04-13 18:00 or 2021-04-13T18:00-04:00",
    "form": "the https:// address of the signature form",
    "goal": "how many signatures are needed (optional)",
    "count-from": "where the build reads the count of signatures: an OSDI petition's API "
    "address or a published count cell's CSV address (optional)",
    "subtitle": "a line under the title (optional)",
    "date": "the post's date: 2021-04-08 or 2021-04-08 09:30 (default: now)",
    "timezone": "the deadline's time zone, like Europe/Paris (default: the site's)",
    "slug": "the words of the post's address (default: made from the title)",
    "category": "the post's category (optional)",
    "draft": "write it as a draft, left out of the published site",
    "lang": "with --translation-of: the language of a translation, like es",
    "translation-of": "start the --lang translation of the post or page with this slug",
    "translator": "with --translation-of: who may revise the translation (optional)",
}


@dataclass
class NewPost:
    path: Path
    url: str  # where the preview shows it now
    published_url: str  # where it will be once published (drafts: after Status goes)
    warnings: list
    draft: bool = False
    translation_of: str | None = None  # for a translation: the original's file


@dataclass
class Answers:
    title: str | None = None
    deadline: str | None = None
    form: str | None = None
    goal: str | None = None
    subtitle: str | None = None
    date: str | None = None
    timezone: str | None = None
    slug: str | None = None
    category: str | None = None
    draft: bool = False
    lang: str | None = None
    translation_of: str | None = None
    translator: str | None = None
    count_from: str | None = None


def create_post(answers, ask=None, settings_file=SETTINGS_FILE, content=None):
    """Write the post. ``ask(prompt)`` asks the editor for a missing or wrong
    value; without it (no terminal), a missing or wrong value is an error."""
    if answers.lang is not None or answers.translation_of is not None:
        return _translation(answers, ask, settings_file, content)
    settings = load_settings(settings_file, content)
    site_zone = settings.get("TIMEZONE", "UTC")
    asker = _Asker(ask)

    title = asker.value("title", "Title", answers.title, _check_title, required=True)
    subtitle = asker.value("subtitle", "Subtitle (optional)", answers.subtitle, check_line)
    date = _post_date(answers.date, site_zone)
    slug = _slug(answers.slug or title, settings)
    path = Path(settings["PATH"]) / f"{date:%Y-%m-%d}-{slug}.md"
    source = source_name(path)
    if path.exists():
        raise NewPostError(f"{source} already exists; choose another title, or give --slug")
    existing = [s for s in read_site(settings).sources if s.content is not None]
    _refuse_taken_slug(slug, existing, source)

    zone = ZoneInfo(site_zone)
    if answers.timezone:
        zone = _one_line(lambda: zone_named(answers.timezone, source))

    def check_deadline(value):
        parse_deadline(value, zone, source)
        return value.strip()

    deadline = asker.value(
        "deadline",
        f"Deadline, when signing closes (like 2021-04-13 or 2021-04-13 18:00, {zone.key} time)",
        answers.deadline,
        check_deadline,
        required=True,
    )
    form = asker.value(
        "form",
        "Signature form address (https://...)",
        answers.form,
        lambda value: check_signature_form(value, source),
        required=True,
    )
    goal = asker.value(
        "goal",
        "Signature goal (optional, a number like 100)",
        answers.goal,
        lambda value: str(check_goal(value, source)),
    )
    count_from = asker.value(
        "count-from",
        "Signature count source (optional: an Action Network petition's API address, "
        "or a count cell published as CSV)",
        answers.count_from,
        lambda value: check_count_source(value, source),
    )
    usual_category = _latest_category(existing, settings)
    category = asker.value(
        "category", f"Category (Enter for {usual_category})", answers.category, check_line
    )

    metadata = {"signature_form": form, "deadline": deadline}
    if answers.timezone:
        metadata["deadline_timezone"] = zone.key
    if goal:
        metadata["signature_goal"] = goal
    if count_from:
        metadata["signature_count_from"] = count_from
    warnings = []
    # The build's own judgement of the whole campaign, the post's date included.
    campaign = _one_line(
        lambda: campaign_from_metadata(
            metadata, source, site_zone, published=date, warn=warnings.append
        )
    )
    if not campaign.is_open(build_clock(settings)):
        warnings.append(f"{source}: the deadline has already passed")
    if is_placeholder_form(form):
        warnings.append(f"{source}: {form} is a placeholder address; nobody can sign there")

    lines = [f"Title: {title}"]
    if subtitle:
        lines.append(f"Subtitle: {subtitle}")
    lines.append(f"Date: {_written_date(date, answers.date)}")
    lines.append(f"Slug: {slug}")
    lines.append(f"Category: {category or usual_category}")
    if answers.draft:
        lines.append("Status: draft")
    lines.append(f"Signature_form: {form}")
    lines.append(f"Deadline: {deadline}")
    if answers.timezone:
        lines.append(f"Deadline_timezone: {zone.key}")
    if goal:
        lines.append(f"Signature_goal: {goal}")
    if count_from:
        lines.append(f"Signature_count_from: {count_from}")
    body = [
        SKELETON_LINES[0],
        f"Signing closes on {markup.human_deadline(campaign.local_deadline)}.",
        "[Sign the petition]({signature_form})",
        SKELETON_LINES[1],
    ]
    text = "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise NewPostError(f"{source} already exists; choose another title") from None

    url, published_url = _addresses(settings, title, date, slug, answers.draft, path)
    return NewPost(path, url, published_url, warnings, answers.draft)


def _translation(answers, ask, settings_file, content):
    from .translation import TranslationError, create_translation

    try:
        started = create_translation(answers, _Asker(ask), settings_file, content)
    except TranslationError as error:
        raise NewPostError(str(error)) from None
    return NewPost(
        started.path,
        started.url,
        started.published_url,
        started.warnings,
        answers.draft,
        translation_of=started.original,
    )


def start_post(answers, root, preview_url, siteurl):
    """`invoke new`: write the post, asking at a terminal for what is missing, and
    say what was done and what comes next; a mistake is one WorkflowError line."""
    ask = input if sys.stdin and sys.stdin.isatty() else None
    try:
        post = create_post(answers, ask=ask)
    except NewPostError as error:
        raise WorkflowError(f"invoke new: {error}") from None
    return "\n".join(describe(post, root, preview_url, siteurl.rstrip("/")))


def describe(post, root, preview_url, siteurl):
    """What `invoke new` says once the post is written."""
    lines = [f"warning: {warning}" for warning in post.warnings]
    path = post.path.relative_to(root) if post.path.is_relative_to(root) else post.path
    lines.append(f"Wrote {path}")
    if post.translation_of:
        lines.append(
            f"Next: translate the words of {post.translation_of} in it, and the fields the "
            "notes at its top name; then delete the notes"
        )
    lines.append(f"Preview: make serve, then open {preview_url}/{post.url}")
    siteurl = siteurl or "(the site's address)"
    lines.append(f"Published address: {siteurl}/{post.published_url}")
    if post.draft:
        lines.append("It is a draft: delete the line 'Status: draft' when it is ready to publish.")
    return lines


class _Asker:
    def __init__(self, ask):
        self.ask = ask

    def value(self, option, prompt, given, check, required=False):
        """``given`` checked by ``check`` (which returns the value to keep); asked
        for when missing, asked again when wrong, if there is someone to ask."""
        if given is not None and str(given).strip():
            return _one_line(lambda: check(str(given)))
        if self.ask is None:
            if required:
                raise NewPostError(
                    f"--{option} is missing, and there is no terminal to ask for it: "
                    f"give it on the command line, like --{option} {_EXAMPLES[option]}"
                )
            return None
        while True:
            try:
                answer = self.ask(f"{prompt}: ").strip()
            except EOFError:
                raise NewPostError("stopped: no post written") from None
            if not answer and not required:
                return None
            if not answer:
                print("This one is needed.")
                continue
            try:
                return check(answer)
            except (ContentError, NewPostError) as error:
                print(getattr(error, "detail", None) or str(error))


_EXAMPLES = {
    "title": '"Defend Immigrants\' Rights"',
    "deadline": "2021-04-13",
    "form": "https://forms.example.org/sign",
}


def _one_line(action):
    try:
        return action()
    except ContentError as error:
        raise NewPostError(str(error)) from None


def _check_title(value):
    text = check_line(value)
    if not text:
        raise NewPostError(f"title {value!r} is empty; expected {EXPECTED_TITLE}")
    return text


def _post_date(value, site_zone):
    zone = ZoneInfo(site_zone)
    if value is None or not str(value).strip():
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
    try:
        date = dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise NewPostError(f"--date {value!r} is not a date; expected {EXPECTED_DATE}") from None
    return date if date.tzinfo else date.replace(tzinfo=zone)


def _written_date(date, given):
    if given and dt.datetime.fromisoformat(given.strip()).tzinfo:
        return date.isoformat(timespec="minutes")
    return f"{date:%Y-%m-%d %H:%M}"


def _slug(text, settings):
    """Pelican's slugify, always to ASCII: titles in any language make plain addresses."""
    from pelican.utils import slugify

    slug = slugify(
        text,
        regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=False,
        use_unicode=False,
    )
    if not slug:
        raise NewPostError(
            f"title {text!r} makes an empty address; give --slug, like --slug defend-rights"
        )
    return slug


def _latest_category(existing, settings):
    """New posts join the newest post's category unless told otherwise."""
    articles = [s.content for s in existing if s.kind == "article" and hasattr(s.content, "date")]
    if not articles:
        return settings["DEFAULT_CATEGORY"]
    return str(max(articles, key=lambda article: article.date).category)


def _refuse_taken_slug(slug, sources, source):
    for existing in sources:
        item = existing.content
        if item is not None and item.slug == slug:
            raise NewPostError(
                f"{source}: the slug {slug!r} is taken by {existing.name}; "
                "choose another title, or give --slug"
            )


def _addresses(settings, title, date, slug, draft, path):
    from pelican.contents import Article

    def article(status):
        metadata = {"title": title, "date": date, "slug": slug, "status": status}
        return Article("", metadata=metadata, settings=settings, source_path=str(path))

    published = article("published").url
    current = article("draft").url if draft else published
    return current, published
