"""Pure rules of the review (심의): no Django import, tested with hypothesis.

- scorecard: weighted totals on 100, per-criterion means, spread and outlier sheets
- committee: composition (external share) and quorum
- awards: grades, amounts and the co-proposer raise of the caps
- rereview: the re-review request window
"""
