"""The semantic layer: named metrics defined once as data (metrics.yaml) and compiled to SQL, and the sales
analyst built on it (free-form read-only SQL or a named metric, filters, series, rankings and their text)."""
