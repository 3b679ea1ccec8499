"""One entry point: the right document for a record of storage/documents/data.py."""

from __future__ import annotations

from printing.commendations import render_commendation
from printing.decisions import render_reintegration_decision, render_team_decision
from printing.incidents import render_surrender, render_tip_book
from printing.invitations import render_ceremony, render_invitation
from printing.layout import Margins, Rendered
from printing.mediation import render_logbook, render_mediation_minutes
from printing.minutes import render_minutes
from printing.patrol_log import render_patrol_log
from printing.pledges import render_pledges
from printing.report import render_consolidated, render_report
from printing.roster import render_roster
from storage.documents import data as d

RENDERERS = {
    d.MinutesData: render_minutes,
    d.MediationMinutesData: render_mediation_minutes,
    d.LogbookData: render_logbook,
    d.RosterData: render_roster,
    d.PatrolLogData: render_patrol_log,
    d.ReportData: render_report,
    d.ConsolidatedData: render_consolidated,
    d.SurrenderData: render_surrender,
    d.TipBookData: render_tip_book,
    d.InvitationData: render_invitation,
    d.CeremonyData: render_ceremony,
    d.TeamDecisionData: render_team_decision,
    d.CommendationData: render_commendation,
    d.ReintegrationDecisionData: render_reintegration_decision,
}


def render(data, target=None, progress=None, cancelled=None, margins: Margins | None = None) -> Rendered | None:
    """Build the PDF for `data`; None when `cancelled()` turned true on the way.
    `margins` are the station's, in millimetres."""
    if isinstance(data, d.PledgeBatch):
        return render_pledges(data, target, progress, cancelled, margins)
    return RENDERERS[type(data)](data, target, margins, cancelled)
