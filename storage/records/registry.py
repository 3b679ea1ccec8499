"""Every kind of record, in one list (trash, exchange and checks walk it)."""

from __future__ import annotations

from storage.records.areas import areas
from storage.records.evaluation import events, organisations
from storage.records.households import households
from storage.records.incidents import reintegration_cases, surrendered_items, tips
from storage.records.lists import list_items
from storage.records.mediation import mediation_cases
from storage.records.models import models
from storage.records.patrols import patrols
from storage.records.people import people
from storage.records.pledges import pledge_texts, pledges
from storage.records.reviews import area_assessments, commendations, reviews
from storage.records.teams import memberships, teams

REPOSITORIES = [areas, people, households, teams, memberships, models, pledge_texts, pledges,
                patrols, mediation_cases, tips, surrendered_items, reintegration_cases, reviews,
                commendations, area_assessments, list_items, organisations, events]


def repository_for(table: str):
    for repo in REPOSITORIES:
        if repo.table == table:
            return repo
    raise KeyError(table)
