"""The one error every reader raises for bad input."""


class RecordingError(ValueError):
    """A recording file is unusable; the message names the file and the field and says what was expected."""

    def __init__(self, source: object, field: str, problem: str):
        super().__init__(f"{source}: field '{field}': {problem}")
        self.source, self.field, self.problem = str(source), field, problem
