"""API v2 fields for events: organisations and the program, expanded.

The program field renders from `EventPage.get_program()`, which fetches every
person in the program in one query, so the API's query count does not grow
with the number of sessions or participants.
"""

from rest_framework.fields import Field

from movement.api.representations import PERSON_KIND, organisation_representation


class OrganisationSerializerField(Field):
    def to_representation(self, organisation):
        return organisation_representation(organisation)


class OrganisationListField(Field):
    def to_representation(self, manager):
        return [organisation_representation(org) for org in manager.all()]


def participant_representation(participant):
    return {
        "kind": PERSON_KIND,
        "id": participant["id"],
        "name": participant["name"],
        "role": participant["role"],
        "organisation": participant["organisation"],
        "part": participant["part"] or None,
    }


def program_representation(program):
    return [
        {
            "start": session["start"].isoformat(),
            "end": session["end"].isoformat(),
            "title": session["title"],
            "kind": session["kind"],
            "description": session["description"],
            "participants": [participant_representation(p) for p in session["participants"]],
            "items": [
                {
                    "theme": item["theme"],
                    "title": item["title"],
                    "description": item["description"],
                    "byline": item["byline"],
                    "speakers": [participant_representation(p) for p in item["speakers"]],
                }
                for item in session["items"]
            ],
        }
        for session in program
    ]


class ProgramSerializerField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return program_representation(page.get_program())
