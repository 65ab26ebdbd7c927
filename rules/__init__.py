"""Built-in rules of xxgk-lint, one module per family, registered through the ``xxgk_lint.rules``
entry-point group exactly as third-party rules are.

==========  ==========================================
module      family
==========  ==========================================
inputs      E0xx — input problems (unreadable, not a report)
structure   S1xx — the six sections and their headings
tables      T2xx — the three standard tables, their rows and cells
arithmetic  A3xx — accounting identities (勾稽关系), driven by the templates' ``identities``
figures     F4xx — the figures: 本年增/减 notation, text in figure cells, units, implausible values, format
==========  ==========================================
"""
