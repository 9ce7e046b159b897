"""The prompt texts (system prompt, the offline model's answer templates), shipped as package data."""
