"""The publish gate: what the content and the built site must pass before they go live."""

from urllib.parse import urlsplit

from pelican.plugins.content_rules.findings import ERROR
from pelican.plugins.content_rules.markup import links_elsewhere
from pelican.plugins.content_rules.pelican_internals import source_html
from pelican.plugins.outreach.share import share_hosts

import sitecheck
from editorial.check import EditorialChecker
from editorial.site import load_settings, read_site

from . import WorkflowError


def check_content(settings_file, report, content=None):
    """Every check `make check` runs, judged as a publish: each finding is reported,
    and any error stops the publish. Returns the hosts the pages may link to."""
    site = read_site(load_settings(settings_file, content))
    checker = EditorialChecker(site, publishing=True)
    findings = sorted(set(checker.run()))
    for finding in findings:
        report(str(finding))
    errors = sum(finding.severity == ERROR for finding in findings)
    if errors:
        raise WorkflowError(
            f"publish: {errors} error(s) in the content above; fix them (make check lists "
            "them too): nothing was built or pushed"
        )
    return linked_hosts(checker)


def linked_hosts(checker):
    """The hosts of the campaigns' forms ``checker`` found, of the share services,
    and of the https links the posts' own text makes (an imported blog's, say)."""
    forms = [campaign.signature_form for campaign in checker.campaigns if campaign]
    return sitecheck.allowed_hosts(forms, extra=(*share_hosts(checker.settings), *written(checker)))


def written(checker):
    """Hosts the editors link to in the text, on purpose: https links only."""
    hosts = set()
    for source in checker.readable:
        for address in links_elsewhere(source_html(source.content)):
            try:
                parts = urlsplit(address)
                host = parts.hostname
            except ValueError:  # not an address: the site's link check names it
                continue
            if parts.scheme.lower() == "https" and host:
                hosts.add(host)
    return hosts


def allowed_hosts(settings_file, content=None):
    """Other sites the pages may link to: every campaign's signature form, as the
    campaign model reads it, and the share services the outreach plugin links to.
    ``content`` replaces the settings' content folder."""
    site = read_site(load_settings(settings_file, content))
    checker = EditorialChecker(site)
    checker.check_campaigns()
    return linked_hosts(checker)


def site_problems(folder, siteurl, allowed):
    """The checks that need no browser: links, security policy, page budget, HTML."""
    problems = sitecheck.check_links(folder, siteurl, allowed)
    problems += sitecheck.check_security_policy(folder)
    for page in sitecheck.html_pages(folder):
        problems += sitecheck.check_budget(folder, page, siteurl)
    return problems + sitecheck.check_html(folder)
