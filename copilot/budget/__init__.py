"""Promotion budgets: the checks of a request, its approval card, the spending action, and what approved budgets
already commit per store and day."""
