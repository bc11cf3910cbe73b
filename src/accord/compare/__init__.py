"""What changed between two versions of a scenario, and what it did to the analysis.

:func:`compare_scenarios` diffs the two documents (parties, issues, options, red lines,
positions and their evidence, reservation values, weights, the calendar) and analyses both:
ZOPA size, conflicts added and removed, relaxations, the Nash package with each party's
utility, partial agreements and, where a sweep ran, P(agreement by the deadline).
:func:`summary_of` is the compact analysis stored as a record version's snapshot.
"""

from accord.compare.core import Comparison, compare_scenarios, summary_of

__all__ = ["Comparison", "compare_scenarios", "summary_of"]
