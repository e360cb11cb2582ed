"""The printable flyer's QR code: an SVG drawn with segno, small enough to sit in
the page itself, so that printing needs no request and no image loads on screen."""

import io

from markupsafe import Markup


def qr_svg(address, label):
    """An inline <svg> QR code for ``address``; ``label`` is its accessible name."""
    # Imported here: a build whose QR codes are all cached never needs it.
    import segno

    code = segno.make(address, error="m", micro=False)
    buffer = io.BytesIO()
    # No size: the flyer page's stylesheet (flyer.css) gives it one. No XML declaration or
    # namespace: the HTML parser supplies them.
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=False,
        nl=False,
        omitsize=True,
        svgclass="flyer-qr",
        lineclass=None,
        title=label,
        svgid=None,
    )
    svg = buffer.getvalue().decode("utf-8")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
