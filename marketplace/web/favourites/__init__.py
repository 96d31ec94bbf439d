"""Hearts, the favourites page, following shops, and leaving the weekly digest."""
