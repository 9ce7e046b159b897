"""The deterministic demo store: three merchants anchored at the demo "today".

`build.build_demo(store)` replaces every row of the store with a generated history from `today - history_days`
to `today` (inclusive; nothing later than the demo clock's "now" on that day). The vocabulary lives in
`data/*.yaml` (read by `spec`): catalogs, life scenes and their search queries, the calendar (weekly rhythm, 618,
双11, Spring Festival, category seasons), the population, and the planted anomalies.

How the data are made (numpy, vectorised, one seeded generator per stage and merchant):
- customers register over time and carry 1-2 hidden life scenes (written only to demo_truth_scenes, see `truth`);
- each day's orders follow the calendar, the catalog's seasons and the planted anomalies; an order's
  products come from one of its customer's scenes (or, sometimes, plain popularity), so scenes drive
  purchases across categories; prices follow festival discounts and planted price cuts;
- every order item has a purchase event preceded by its funnel (view, click, cart); shoppers also browse
  (views, some clicks, abandoned carts) and search with their scenes' queries;
- the planted anomalies (written only to demo_truth_anomalies) change demand, views, prices, the live
  channel's share or refunds of one product in a window, so their cause is visible in queryable data;
- `today` itself is kept in store_meta (copilot/store/anchor.py), so every face answers on the demo's dates.

Rows are written in bulk on the raw DBAPI connection (sqlite3 executemany, PostgreSQL COPY) in one
transaction, with secondary indexes (and PostgreSQL foreign keys) dropped during the load and rebuilt.
The same seed, size and `today` give identical rows.
"""
