"""Market-fluctuation monitoring: the sales anomaly detector behind `detect_sales_anomalies`.

Each series (one product, or one category) is the daily count of its paid orders (order lines; units would add
the noise of multi-unit orders). Its expected value on day d is

    expected[d] = level[d] * weekday[weekday(d)] * season[d]

- ``weekday``: the store's weekday rhythm, the median ratio of the store's daily orders to their centred 7-day
  mean on each weekday (normalised to mean 1);
- ``level``: a trimmed mean of the series' weekday-adjusted orders over ``history_days`` ending ``level_gap_days``
  before d (so a drop in progress does not lower its own baseline);
- ``season``: last year's seasonal index on the same calendar day: a smooth part (last year's centred weekly
  median against its trailing level, kept only where that shift is significant) times one-day peaks (a day
  significantly above its weekly median: 双11, 618), so recurring festival peaks are expected. A product's
  index is shrunk toward its category's, a category's toward the store's, the store's toward 1; where last
  year's data is missing the parent's index is used.

Days are compared with the Freeman-Tukey deviate ``sqrt(y) + sqrt(y + 1) - sqrt(4e + 1)`` (about N(0, 1) for
Poisson counts), centred and scaled per series (trimmed mean; smaller of MAD and standard deviation): a robust
z per day. Runs are excursions of a one-sided CUSUM of the daily z, trimmed to their strong days and kept when
they are long enough (a drop >= 5 days, a spike >= 2), strong enough (Stouffer z) and large enough (actual /
expected, units, expected volume) by the rules of ``anomalies.yaml``. Pass one is calibrated on the days
before the window and finds runs over those days and the window; pass two leaves the days of those runs out
of the levels, calibrates on everything else and detects again in the window.

Causes are read from the data of the run against the ``before_days`` just before it: stock (orders collapse
while views continue, or sales stop), price (average paid unit price), refunds (refund rate) and channel
shift (each channel's share of paid units). Every query is trusted code with the merchant id bound on every
table; aggregation happens in SQL (one row per product and day). Payload amounts: expected units are expected
orders times the units per order before the run; expected GMV is expected units times the price before it.
"""
