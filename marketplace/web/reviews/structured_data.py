"""schema.org `Product` JSON-LD for a listing page, so that search engines show its price,
availability and stars (https://schema.org/Product, Google's "product snippet" fields).

The page writes it with Jinja's `tojson`, which escapes `<`, `>`, `&` and `'`: no text a
seller or buyer wrote can close the script element (S17). A JSON-LD block is data, not script,
so the Content-Security-Policy has nothing to allow.
"""
from __future__ import annotations

import html
from typing import Any

import nh3
from flask import url_for

from marketplace.models import Listing, Review

AVAILABILITY = {True: "https://schema.org/InStock", False: "https://schema.org/OutOfStock"}
DESCRIPTION_CHARS = 500
SHOWN_REVIEWS = 5


def plain_text(description_html: str) -> str:
    """A description without its markup, as words a search engine shows."""
    text = html.unescape(nh3.clean(description_html or "", tags=set()))
    return " ".join(text.split())[:DESCRIPTION_CHARS]


def product(listing: Listing, lang: str, reviews: list[Review]) -> dict[str, Any]:
    text = listing.text(lang)
    url = url_for("storefront.listing", listing_id=listing.id, _external=True)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": text.title,
        "url": url,
        "sku": str(listing.id),
        "brand": {"@type": "Brand", "name": listing.artisan.localized("display_name", lang)},
        "category": listing.category.localized("name", lang),
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": str(listing.price.to_decimal()),
            "priceCurrency": listing.currency,
            "availability": AVAILABILITY[listing.in_stock],
            "itemCondition": "https://schema.org/NewCondition",
        },
    }
    if text.lang != lang:
        data["inLanguage"] = text.lang
    description = plain_text(text.description)
    if description:
        data["description"] = description
    if listing.images:
        data["image"] = [url_for("storefront.media", filename=image.filename, _external=True)
                         for image in listing.images]
    if listing.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(listing.rating),
            "reviewCount": listing.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
        data["review"] = [_review(review) for review in reviews[:SHOWN_REVIEWS]]
    return data


def _review(review: Review) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "@type": "Review",
        "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5,
                         "worstRating": 1},
        "author": {"@type": "Person", "name": review.author.display_name},
        "datePublished": review.created_at.date().isoformat(),
        "inLanguage": review.lang,
    }
    if review.body:
        entry["reviewBody"] = review.body
    return entry
