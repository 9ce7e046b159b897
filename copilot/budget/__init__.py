"""Promotion budgets: what approved budgets already commit, per store and day."""
