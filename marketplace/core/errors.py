"""The base of errors a user can cause and fix; views turn them into messages."""


class DomainError(Exception):
    pass
