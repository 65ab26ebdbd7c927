"""``python -m linter.templates``: validate the shipped templates and print ``validated.txt``."""
from linter.templates import write_validated

print(write_validated(), end="")
