"""The roster's models: experts' profiles (experts.py) and requests, candidates, deployments and
evaluations (requests.py)."""

from .experts import (
    ARCHIVE_DAYS,
    CV_KINDS,
    CV_MAX_SIZE,
    FRESH_DAYS,
    Availability,
    CountryExperience,
    Expert,
    ExpertExpertise,
    ExpertFunction,
    ExpertLanguage,
    ExpertQuerySet,
    ProfileView,
    VettingCheck,
    cv_path,
    new_code,
)
from .requests import (
    CRITERIA,
    Candidate,
    Deployment,
    Evaluation,
    ExpertRequest,
    ExpertRequestQuerySet,
    RequestLanguage,
)

__all__ = [
    "ARCHIVE_DAYS",
    "CRITERIA",
    "CV_KINDS",
    "CV_MAX_SIZE",
    "FRESH_DAYS",
    "Availability",
    "Candidate",
    "CountryExperience",
    "Deployment",
    "Evaluation",
    "Expert",
    "ExpertExpertise",
    "ExpertFunction",
    "ExpertLanguage",
    "ExpertQuerySet",
    "ExpertRequest",
    "ExpertRequestQuerySet",
    "ProfileView",
    "RequestLanguage",
    "VettingCheck",
    "cv_path",
    "new_code",
]
