"""Promotion response: what a yuan of ads brings, paid and organic.

`response` holds the curves (geometric adstock, Michaelis-Menten saturation) shared by the demo's simulator
(`simulate`, planting a known truth) and the per-merchant model (`history`, `fit`, `model`); `jobs` fits it in
the background and caches it per merchant; `service` is what the product side calls.
"""
