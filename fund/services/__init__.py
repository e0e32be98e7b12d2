"""Services of the fund, split by sub-domain: proposals (drafting, workflow, thread, files),
review (scores, conflicts), rounds (dashboard figures, batch decisions), reports (implementation)."""

from django.utils.translation import gettext as _


class FundError(Exception):
    """A rule of the fund forbids what was asked; the message says which, and nothing was changed."""


class TransitionNotAllowed(FundError):
    pass


class ProposalIncomplete(FundError):
    """Submission refused; `missing` lists (field name, what is missing) pairs."""

    def __init__(self, missing: list[tuple[str, str]]):
        self.missing = missing
        super().__init__(
            _("The proposal is not complete: %(items)s") % {"items": "; ".join(m for _f, m in missing)}
        )


class NotAllowed(FundError):
    pass
