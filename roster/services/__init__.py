"""Services of the roster, split by sub-domain: experts (application, self-service, consent, vetting),
lifecycle (a profile's status: vetting decisions, the archive, retention, erasure) and requests
(requests from the field, shortlists, candidates, deployments, evaluations). Every write of the
roster goes through one of them; every status through a `<noun>_transition` and roster.workflow."""

from .experts import (
    ProfileData,
    expert_apply,
    expert_export,
    expert_give_consent,
    expert_record_view,
    expert_update,
    expert_withdraw_consent,
    expertise_verify,
    vetting_record,
)
from .lifecycle import expert_confirm, expert_erase, expert_transition, retention_run
from .requests import (
    candidate_transition,
    deployment_create,
    evaluation_respond,
    evaluation_submit,
    request_file,
    request_set_status,
    request_set_weights,
    request_transition,
    shortlist_add,
)
from .trainings import training_invitation, training_prefill, training_record

__all__ = [
    "ProfileData",
    "candidate_transition",
    "deployment_create",
    "evaluation_respond",
    "evaluation_submit",
    "expert_apply",
    "expert_confirm",
    "expert_erase",
    "expert_export",
    "expert_give_consent",
    "expert_record_view",
    "expert_transition",
    "expert_update",
    "expert_withdraw_consent",
    "expertise_verify",
    "request_file",
    "request_set_status",
    "request_set_weights",
    "request_transition",
    "retention_run",
    "shortlist_add",
    "training_invitation",
    "training_prefill",
    "training_record",
    "vetting_record",
]
