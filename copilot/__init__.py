"""Merchant Copilot: an AI copilot for e-commerce merchants (see README.md)."""

from copilot import startup

startup.defer()
