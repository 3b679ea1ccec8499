"""Every kind of record, in one list (trash, exchange and checks walk it)."""

from __future__ import annotations

from storage.areas import areas
from storage.households import households
from storage.incidents import reintegration_cases, surrendered_items, tips
from storage.lists import list_items
from storage.mediation import mediation_cases
from storage.models import models
from storage.patrols import patrols
from storage.people import people
from storage.pledges import pledge_texts, pledges
from storage.reviews import area_assessments, commendations, reviews
from storage.teams import memberships, teams

REPOSITORIES = [areas, people, households, teams, memberships, models, pledge_texts, pledges,
                patrols, mediation_cases, tips, surrendered_items, reintegration_cases, reviews,
                commendations, area_assessments, list_items]


def repository_for(table: str):
    for repo in REPOSITORIES:
        if repo.table == table:
            return repo
    raise KeyError(table)
