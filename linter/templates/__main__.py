"""``python -m xxgk_lint.templates``: validate the shipped templates and print ``validated.txt``."""

from xxgk_lint.templates import write_validated

print(write_validated(), end="")
