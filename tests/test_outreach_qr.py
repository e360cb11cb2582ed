"""Unit tests of pelican.plugins.outreach.qr: the flyer's inline SVG QR code,
rendered from the SVG itself and read back with zxing-cpp, as a phone would."""

import re
import xml.etree.ElementTree as ElementTree

import pytest
import zxingcpp
from markupsafe import Markup
from pelican.plugins.outreach.qr import qr_svg
from PIL import Image, ImageDraw

FORM = "https://example.org/sign/resolution-on-defense-of-immigrants-and-refugees"
LABEL = "QR code for the signature form"
# Pixels per module: plenty for the reader, small enough to stay fast.
SCALE = 6


def parse(svg):
    return ElementTree.fromstring(str(svg))


def dark_modules(svg):
    """The modules the SVG paints, as {(column, row)}, from its one path. segno draws
    each row as horizontal strokes one module wide through the middle of the row."""
    (path,) = parse(svg).iter("path")
    assert path.get("stroke") == "#000"
    dark = set()
    x = y = 0.0
    for command, number in re.findall(r"([MmHh])\s*(-?[\d.]+(?:[ ,]-?[\d.]+)?)", path.get("d")):
        values = [float(value) for value in re.split(r"[ ,]", number)]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            end = values[0] if command == "H" else x + values[0]
            row = int(y - 0.5)
            assert row == y - 0.5, f"a stroke off the middle of a row at y={y}"
            dark.update((column, row) for column in range(int(x), int(end)))
            x = end
    # Every command was understood: nothing in the path is left over.
    leftover = re.sub(r"([MmHh])\s*(-?[\d.]+(?:[ ,]-?[\d.]+)?)", "", path.get("d"))
    assert leftover.strip() == "", leftover
    return dark


def render(svg):
    """The SVG as a black-on-white image, SCALE pixels per module."""
    _, _, width, height = (int(value) for value in parse(svg).get("viewBox").split())
    image = Image.new("L", (width * SCALE, height * SCALE), 255)
    draw = ImageDraw.Draw(image)
    for column, row in dark_modules(svg):
        left, top = column * SCALE, row * SCALE
        draw.rectangle((left, top, left + SCALE - 1, top + SCALE - 1), fill=0)
    return image


def read(svg):
    return [(code.format, code.text) for code in zxingcpp.read_barcodes(render(svg))]


@pytest.mark.parametrize(
    "address",
    [
        FORM,
        "https://example.org/form?name=a%20b&lang=es#sign",
        "https://example.org/firma/sí-se-puede",
    ],
)
def test_the_code_reads_back_as_the_address(address):
    assert read(qr_svg(address, LABEL)) == [(zxingcpp.BarcodeFormat.QRCode, address)]


def test_the_code_is_a_full_qr_code_with_medium_error_correction():
    (found,) = zxingcpp.read_barcodes(render(qr_svg(FORM, LABEL)))
    assert found.format == zxingcpp.BarcodeFormat.QRCode  # not a Micro QR code
    assert found.ec_level == "M"


def test_the_code_has_a_quiet_zone_of_four_modules():
    svg = qr_svg(FORM, LABEL)
    _, _, width, height = (int(value) for value in parse(svg).get("viewBox").split())
    modules = dark_modules(svg)
    assert width == height
    assert min(column for column, _ in modules) == 4
    assert min(row for _, row in modules) == 4
    assert max(column for column, _ in modules) == width - 5
    assert max(row for _, row in modules) == height - 5
    # Version 1 + 4n modules across, plus the quiet zone.
    assert (width - 8 - 21) % 4 == 0


def test_the_svg_is_an_accessible_image_named_by_its_label():
    root = parse(qr_svg(FORM, LABEL))
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("class") == "flyer-qr"
    (title,) = root.iter("title")
    assert title.text == LABEL
    # The title is the first child, where assistive technology looks for the name.
    assert root[0] is title


def test_the_label_is_escaped_in_the_title():
    label = 'Sign <here> & "now"'
    svg = qr_svg(FORM, label)
    assert "<here>" not in svg
    (title,) = parse(svg).iter("title")
    assert title.text == label


def test_the_svg_is_ready_to_inline_in_html():
    svg = qr_svg(FORM, LABEL)
    # Markup, so that the template puts it in the page unescaped.
    assert isinstance(svg, Markup)
    assert svg.startswith('<svg role="img" ')
    assert svg.count('role="img"') == 1
    # No XML declaration, namespace, size or line breaks: the page's stylesheet sizes it.
    assert "<?xml" not in svg
    assert "xmlns" not in svg
    root = parse(svg)
    assert root.get("width") is None and root.get("height") is None
    assert root.get("id") is None
    assert "\n" not in svg
    assert len(list(root.iter("path"))) == 1


def test_a_longer_address_gives_a_larger_code():
    small = parse(qr_svg("https://e.org/", LABEL)).get("viewBox")
    large = parse(qr_svg(FORM + "?" + "x" * 200, LABEL)).get("viewBox")
    assert int(large.split()[2]) > int(small.split()[2])
