"""Insights: where the money went (impact), how a shop or cooperative sells (analytics), and
proof of where a piece was made (provenance certificates).

Imports only models and core, so that commerce and cooperatives can call into it from the
transaction of a sale, a refund, a payout or a delivery without an import cycle.
"""
