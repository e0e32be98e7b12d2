"""Services of the fund, split by sub-domain: proposals (drafting, workflow, thread, files),
review (scores, conflicts), rounds (dashboard figures, batch decisions), reports (implementation).

Their errors are the core's ServiceError subclasses; views turn any ServiceError into a message."""

from django.utils.translation import gettext as _

from clearinghouse.errors import ServiceError, TransitionNotAllowed


class FundError(ServiceError):
    """A rule of the fund forbids what was asked; the message says which, and nothing was changed."""


class ProposalIncomplete(FundError):
    """Submission refused; `missing` lists (field name, what is missing) pairs."""

    def __init__(self, missing: list[tuple[str, str]]):
        self.missing = missing
        super().__init__(
            _("The proposal is not complete: %(items)s") % {"items": "; ".join(m for _f, m in missing)}
        )


class NotAllowed(FundError):
    pass


__all__ = ["FundError", "NotAllowed", "ProposalIncomplete", "ServiceError", "TransitionNotAllowed"]
