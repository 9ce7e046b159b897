"""The merchant's catalog beyond the sales tables: product photos (checked, stored, fetched)."""
