"""Operations: health checks and structured request logs."""
