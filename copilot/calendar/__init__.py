"""Time in one place: the period grammar (periods.py), the festival calendar (festivals.py, festivals.yaml) and
calendar arithmetic on days (months.py). Tools, the offline model, campaigns, creatives, the promotion model
and the demo generator all read these; no other module defines a festival's dates."""
