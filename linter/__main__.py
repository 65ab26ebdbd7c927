"""``python -m linter`` runs the command-line interface."""
from linter.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
