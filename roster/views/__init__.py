"""Roster pages by audience: experts (their own profile), staff (the roster), requests (missions and staff)."""
