"""xxgk-lint: a linter for 政府信息公开工作年度报告 (government information-disclosure annual reports).

The engine lives in this package; the built-in rules live in the sibling package ``rules``.
Flow (one direction only)::

    file --readers--> Document --recognise--> Report --rules--> Diagnostics --output--> terminal / JSON / ...
"""

__version__ = "0.1.0"
