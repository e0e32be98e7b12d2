"""Views of the events pillar by audience: public (lists, calendar, pages, feeds, registration),
participant (their own registration by account or private link) and staff (curators)."""
