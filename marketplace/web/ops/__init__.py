"""Operations: the health check."""
