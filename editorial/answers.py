"""What `invoke new` and its translations share: the error an editor's answer
gets, and the rule every one-line answer follows."""


class NewPostError(Exception):
    """A value ``invoke new`` cannot use: one line for the editor."""


def check_line(value):
    """``value`` as one line of text (a field's value), or a NewPostError."""
    text = str(value).strip()
    if any(ch in text for ch in "\r\n"):
        raise NewPostError(f"{value!r} spans several lines; expected one line")
    return text
