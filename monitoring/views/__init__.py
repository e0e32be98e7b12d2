"""Views of the monitoring pillar: public pages and open data, assessors' and reviewers' work pages."""
