"""Campaign plans behind ``draft_campaign``: a budget split, daily pacing and a forecast from the store's history.

A new draft (no ``edit``, no ``campaign_id``) resolves the campaign's products (a product, one or several
categories, or the objective's default: new products for a launch, slow movers for a clearance, the whole
catalog otherwise), its dates (given, or the objective's default: for an event the festival window ending the
day before the event day, else 14 days from tomorrow), its channels (given, or the objective's defaults of
``campaign.yaml``) and its segments (scene words or segment ids; none = the recent visitors of the products),
then builds the plan:

- schedule: one budget per day, weights = ramp-up x peak windows (event day, pre-event sprint, launch week,
  last call) x the store's own weekday rhythm, water-filled under the daily cap (the stricter of the
  merchant's ``daily_budget_cap`` and a remembered cap) and split to the cent, so it sums to the budget;
- split: the budget across channels (objective weights) x segments (audience size x conversion), to the cent;
- forecast: per channel and segment, clicks = spend / CPC (platform defaults), orders = clicks x the
  segment's view -> purchase conversion (last 90 days, smoothed toward the scope's rate) x the channel's
  conversion index x the paid-click ratio (x last year's event lift for events), GMV = orders x the channel's
  AOV of orders holding the campaign's products; ROI = GMV / spend. Each number carries a low-high range from
  the CPC range and the spread of weekly conversion, and every assumption is listed.

A budget above cap x days extends a defaulted end date (non-event objectives) and says so, else is refused
with the numbers. An edit (``edit=True`` or a ``campaign_id``) changes the merchant's latest campaign (or
that id, only this merchant's) when it is a draft and re-plans it from its stored request. Each create or
edit writes the campaign row and an ``audit_log`` row in one transaction.
"""
