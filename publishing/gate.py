"""The publish gate's site checks: what a built site must pass before it goes live."""

from pelican.plugins.campaign.model import resolve_campaigns
from pelican.plugins.outreach.share import share_hosts

import sitecheck
from editorial.site import load_settings, read_site


def allowed_hosts(settings_file, content=None):
    """Other sites the pages may link to: every campaign's signature form, as the
    campaign model reads it, and the share services the outreach plugin links to.
    ``content`` replaces the settings' content folder."""
    site = read_site(load_settings(settings_file, content))
    items = [source.content for source in site.sources if source.content is not None]
    found = resolve_campaigns(items, site.settings)
    forms = [campaign.signature_form for campaign in found.campaigns.values() if campaign]
    return sitecheck.allowed_hosts(forms, extra=share_hosts(site.settings))


def site_problems(folder, siteurl, allowed):
    """The checks that need no browser: links, security policy, page budget, HTML."""
    problems = sitecheck.check_links(folder, siteurl, allowed)
    problems += sitecheck.check_security_policy(folder)
    for page in sitecheck.html_pages(folder):
        problems += sitecheck.check_budget(folder, page, siteurl)
    return problems + sitecheck.check_html(folder)
