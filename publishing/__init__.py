"""Building and publishing the site: the steps behind `invoke build` and
`invoke publish`, as plain functions that the tasks call and tests can call too."""


class WorkflowError(Exception):
    """A step that cannot go on: one line for the person who ran it."""
