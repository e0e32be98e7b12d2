"""Models of the monitoring pillar, split by sub-domain."""

from .assessments import Assessment, AssessmentEvent, Finding, FindingSource, ReviewComment
from .frameworks import Area, Framework, Indicator
from .recommendations import FollowUp, Recommendation

__all__ = [
    "Area",
    "Assessment",
    "AssessmentEvent",
    "Finding",
    "FindingSource",
    "FollowUp",
    "Framework",
    "Indicator",
    "Recommendation",
    "ReviewComment",
]
