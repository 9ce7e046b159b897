"""The offline model: a deterministic planner that needs no network (language understanding in nlu.py)."""
