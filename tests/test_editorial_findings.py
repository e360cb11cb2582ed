"""`invoke check` over content with every kind of mistake: each finding as file:line,
from the check that decides it."""

import re
import shutil
import textwrap

import pytest
from conftest import CONTENT
from pelican.plugins.content_rules.findings import CHECKS

from editorial.check import check_content

FINDING_RE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<severity>error|warning|note): .+$")
REAL_FORM = "https://forms.real-campaign.org/sign"


def findings_by_file(content):
    found = {}
    for finding in check_content(content=content):
        found.setdefault(finding.file.rsplit("/", 1)[-1], []).append(finding)
    return found


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def only(findings, severity, words):
    matching = [f for f in findings if f.severity == severity and words in f.message]
    assert len(matching) == 1, (severity, words, [str(f) for f in findings])
    return matching[0]


@pytest.fixture(scope="module")
def bad_content(tmp_path_factory):
    """One small site with one of each problem, each in a file of its own."""
    folder = tmp_path_factory.mktemp("bad-content")
    shutil.copytree(CONTENT / "extra", folder / "extra")
    (folder / "images").mkdir()
    (folder / "images" / "crowd.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write(
        folder,
        "good.md",
        f"""
        Title: A good campaign
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2099-04-20
        Signature_goal: 50

        Sign by April 20, 2099: [sign here]({{signature_form}}).
        ![A crowd outside the state house]({{static}}/images/crowd.png)
        Read [the other post]({{filename}}/archived.md).
        """,
    )
    write(
        folder,
        "archived.md",
        f"""
        Title: Finished campaign
        Date: 2021-03-01
        Signature_form: {REAL_FORM}
        Deadline: 2021-03-10
        Campaign_status: archived

        Signing closed on March 10, 2021.
        """,
    )
    write(
        folder,
        "bad-metadata.md",
        f"""
        Title: Bad deadline
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2021-04-31
        """,
    )
    write(
        folder,
        "wrong-date.md",
        f"""
        Title: Text and deadline disagree
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2099-05-02

        We need your name
        before May 9.
        Sign by Friday, May 2, 2099.
        """,
    )
    write(
        folder,
        "past.md",
        f"""
        Title: Past deadline
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2021-04-13
        """,
    )
    write(
        folder,
        "archived-early.md",
        f"""
        Title: Archived while open
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2099-04-13
        Campaign_status: archived
        """,
    )
    write(
        folder,
        "bad-status.md",
        f"""
        Title: Unknown campaign status
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2099-04-13
        Campaign_status: finished
        """,
    )
    write(
        folder,
        "placeholder.md",
        """
        Title: Placeholder form
        Date: 2021-04-01
        Signature_form: https://example.org/sign
        Deadline: 2099-04-13
        """,
    )
    write(
        folder,
        "placeholder-draft.md",
        """
        Title: Placeholder form in a draft
        Date: 2021-04-01
        Status: draft
        Signature_form: https://forms.example.com/sign
        Deadline: 2099-04-13
        """,
    )
    write(
        folder,
        "future.md",
        """
        Title: Scheduled
        Date: 2099-01-01 09:00

        Comes out later.
        """,
    )
    write(
        folder,
        "links.md",
        """
        Title: Broken links
        Date: 2021-04-01

        See [the resolution]({filename}/pages/resolutoin.md),
        [a typo]({filenmae}/good.md) and ![Map]({static}/images/map.png).
        """,
    )
    write(
        folder,
        "images.md",
        """
        Title: Images without alt text
        Date: 2021-04-01

        Text.

        ![]({static}/images/crowd.png)
        """,
    )
    write(folder, "no-title.md", "Date: 2021-04-01\n\nNo title at all.\n")
    write(folder, "empty-title.md", "Title:   \nDate: 2021-04-01\n\nEmpty title.\n")
    write(folder, "bad-date.md", "Title: Bad date\nDate: 2021-02-30\n\nText.\n")
    write(folder, "typo-status.md", "Title: Typo\nDate: 2021-04-01\nStatus: drfat\n\nText.\n")
    write(
        folder,
        "duplicate.md",
        "Title: Twin\nDate: 2021-04-02\nSlug: past-deadline\n\nSame slug as past.md.\n",
    )
    write(
        folder,
        "form-link.md",
        "Title: Link, no campaign\nDate: 2021-04-01\n\n[Sign]({signature_form})\n",
    )
    write(
        folder,
        "pages/reference.md",
        "Title: Reference page\nCampaign: no-such-post\n\n[Sign]({signature_form})\n",
    )
    write(
        folder,
        "pages/good-reference.md",
        "Title: Good reference\nCampaign: a-good-campaign\n\nSign before April 21, 2099.\n",
    )
    write(
        folder,
        "skeleton.md",
        f"""
        Title: Left as written
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2099-04-13

        Say here, in a sentence or two, what readers are asked to sign and why it matters now.
        """,
    )
    write(
        folder,
        "fold.md",
        f"""
        Title: Clocks go back
        Date: 2021-04-01
        Signature_form: {REAL_FORM}
        Deadline: 2099-11-01 01:30
        """,
    )
    return findings_by_file(folder)


def test_every_finding_is_file_line_severity_message(bad_content):
    for findings in bad_content.values():
        for finding in findings:
            assert FINDING_RE.match(str(finding)), str(finding)
            assert "Traceback" not in finding.message


def test_good_content_has_nothing_to_say(bad_content):
    assert "good.md" not in bad_content
    assert "archived.md" not in bad_content, "archived: a past deadline is expected"
    assert "good-reference.md" in bad_content  # names April 21, the deadline is April 20
    assert "placeholder-draft.md" not in bad_content, "drafts may keep a placeholder form"


def test_invalid_campaign_metadata_uses_the_plugins_message(bad_content):
    error = only(bad_content["bad-metadata.md"], "error", "deadline '2021-04-31'")
    assert error.line == 4
    assert error.message.startswith("deadline '2021-04-31' is not a real calendar date;")
    status = only(bad_content["bad-status.md"], "error", "campaign_status 'finished'")
    assert status.line == 5


def test_dates_in_the_text_must_agree_with_the_deadline(bad_content):
    findings = bad_content["wrong-date.md"]
    wrapped = only(findings, "warning", "'before May 9'")
    assert wrapped.line == 7, "the line where the date starts, across a line break"
    assert "the banner uses the deadline Saturday, May 2, 2099, 11:59 PM EDT (line 4)" in (
        wrapped.message
    )
    weekday = only(findings, "warning", "'by Friday, May 2, 2099'")
    assert "calls it a Friday, but it is a Saturday" in weekday.message
    reference = only(bad_content["good-reference.md"], "warning", "'before April 21, 2099'")
    assert reference.line == 4


def test_deadline_state_and_archiving(bad_content):
    past = only(bad_content["past.md"], "warning", "has passed")
    assert past.line == 4 and "Campaign_status: archived" in past.message
    early = only(bad_content["archived-early.md"], "warning", "campaign_status is archived")
    assert early.line == 5


def test_placeholder_form_in_a_published_post(bad_content):
    warning = only(bad_content["placeholder.md"], "warning", "placeholder address")
    assert warning.line == 3


def test_future_post_gets_a_note(bad_content):
    note = only(bad_content["future.md"], "note", "in the future")
    assert note.line == 2 and "Thursday, January 1, 2099, 9:00 AM EST" in note.message


def test_broken_links_and_unknown_markers(bad_content):
    findings = bad_content["links.md"]
    assert only(findings, "error", "'{filename}/pages/resolutoin.md'").line == 4
    assert only(findings, "error", "unknown marker {filenmae}").line == 5
    assert only(findings, "error", "'{static}/images/map.png'").line == 5
    assert [f.severity for f in findings] == ["error"] * 3, [str(f) for f in findings]


def test_images_need_alt_text(bad_content):
    error = only(bad_content["images.md"], "error", "has no alt text")
    assert error.line == 6


def test_titles_dates_and_statuses_pelican_cannot_read(bad_content):
    assert only(bad_content["no-title.md"], "error", "has no title").line == 1
    assert only(bad_content["empty-title.md"], "error", "title is empty").line == 1
    bad_date = only(bad_content["bad-date.md"], "error", "the date '2021-02-30', which does not")
    assert bad_date.line == 2
    assert only(bad_content["typo-status.md"], "error", "status 'drfat'").line == 3


def test_duplicate_slugs(bad_content):
    error = only(bad_content["duplicate.md"], "error", "slug 'past-deadline'")
    assert error.line == 3 and "past.md" in error.message
    twin = only(bad_content["past.md"], "error", "slug 'past-deadline'")
    assert twin.line == 1 and "duplicate.md" in twin.message, "made from the title"


def test_campaign_links_and_references(bad_content):
    form = only(bad_content["form-link.md"], "error", "links to {signature_form}")
    assert form.line == 4
    reference = only(bad_content["reference.md"], "error", "campaign 'no-such-post'")
    assert reference.line == 2


def test_skeleton_text_and_deadline_folds(bad_content):
    assert only(bad_content["skeleton.md"], "warning", "placeholder text").line == 6
    fold = only(bad_content["fold.md"], "warning", "happens twice")
    assert fold.line == 4


def test_every_check_is_exercised_and_listed(bad_content):
    """The list in CHECKS (printed in EDITING.md) names each check that runs here."""
    messages = " | ".join(f.message for findings in bad_content.values() for f in findings)
    exercised = {
        "unreadable": "has no title",
        "empty title": "title is empty",
        "campaign metadata": "is not a real calendar date",
        "campaign reference": "names no post that has a campaign",
        "form link without campaign": "links to {signature_form}",
        "deadline fold": "happens twice",
        "deadline passed": "has passed",
        "archived but open": "campaign_status is archived",
        "date in text": "the text says",
        "placeholder form": "placeholder address",
        "scheduled": "in the future",
        "broken link": "which is not in the content folder",
        "unknown link marker": "unknown marker",
        "image without alt": "no alt text",
        "duplicate slug": "is also the slug of",
        "skeleton text": "placeholder text",
    }
    for name, words in exercised.items():
        assert words in messages, name
    assert set(exercised) <= {name for name, _severity, _what in CHECKS}
    # Each finding names the check that made it, and has that check's severity.
    severities = {check.name: check.severity for check in CHECKS}
    made = {(f.check, f.severity) for findings in bad_content.values() for f in findings}
    assert set(exercised) <= {name for name, _severity in made}
    assert all(severities[name] == severity for name, severity in made)
