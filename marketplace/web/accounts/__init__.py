"""Register, log in, log out, choose a language."""
