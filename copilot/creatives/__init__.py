"""Creatives beyond the copy: text fitting, colours, the campaign's occasion, and the product-photo layout."""
