"""Certificates: each one's public page, its evidence for those who may see it, the holder's
uploads in the studio, and the decision a verifier makes (shared by the platform's and the
cooperatives' queues)."""
