"""Creatives behind ``generate_creatives``: ad copy per segment scene and PNG images in the standard placements.

Target: a campaign (``campaign_id``, or by default the merchant's latest draft campaign: its plan's products and
segments), else a product (id or part of a title) or a category (all its products, as a batch). For each
product, ``count`` sets are written; set i uses the i-th scene (cycling over the campaign's segments, the given
``scene``, or the product's own scene from its tags) and differs from the others deterministically (seeded by
product, scene and index). A set is one ``copy`` creative and, with kind image|both, one ``image`` creative per
placement (square main 800x800, landscape banner 1200x628, portrait mobile 750x1334).

Copy is in the merchant's language (English for an English product or merchant) and brand voice (the brand
guide in memory picks precise | warm | playful, else neutral), from the product's own description and tags.
Every text passes ``ad_law.check_ad_copy`` (ad_law.yaml plus the merchant's banned words): merchant-supplied
text (scene, brand promise, product descriptions) with a banned word is reported and kept out. Copy and images
carry the product's price (the merchant's currency) and the campaign's occasion (occasion.py: 双12
in the headline where it fits, never a hook of another season).

Images are drawn by an ``ImageRenderer`` (rendering.py): ``TemplateRenderer`` (pillow_renderer.py, the default:
Pillow, Noto Sans CJK from manimgx-fonts-cjk, text shrunk and wrapped to fit its box by text.py; on the product's
own photo when it has one, photo.py, else a text card with the category emblem) or ``HttpImageRenderer``
(http_renderer.py, an image service over HTTP).
Files go to ``<creatives_dir>/<merchant_id>/<creative_id>_<placement>.png`` (a row's ``image_path`` is relative
to the data folder); rows and one audit_log row are written in one transaction per call.
"""
