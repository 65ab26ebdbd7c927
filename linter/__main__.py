"""``python -m xxgk_lint`` runs the command-line interface."""

from xxgk_lint.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
