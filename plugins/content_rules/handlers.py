"""Pelican signal handlers of the content rules plugin."""


def register():
    pass
