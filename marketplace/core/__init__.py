"""Infrastructure every layer may use: money, formatting, errors, mail, images, backup."""
