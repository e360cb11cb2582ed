"""Blogger's label addresses, ``/search/label/<label>``, kept: a small page for
each tag that sends the reader on to the tag's page, for static hosts (GitHub
Pages) that cannot redirect. nginx serves them too (deploy/nginx.conf)."""

from .handlers import register

__all__ = ["register"]
