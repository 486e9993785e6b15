/**
 * A small frontend module written against the types generated from the v3
 * OpenAPI document (`npm run generate`, docs/api.md). CI type-checks it
 * (`tsc --noEmit`, tests/test_api_clients.py), so a schema change that would
 * break a frontend breaks the build first.
 */
import type { components, paths } from "./api-types";

type Schemas = components["schemas"];
export type EventPage = Schemas["EventPageSchema"];
export type Session = Schemas["SessionJSON"];
export type Participant = Schemas["ParticipantJSON"];
export type Person = Schemas["PersonJSON"];
export type Organisation = Schemas["OrganisationJSON"];
export type EventStatus = NonNullable<EventPage["status"]>;
export type Problem = Schemas["Problem"];

type ListQuery = NonNullable<paths["/api/v3/pages/"]["get"]["parameters"]["query"]>;
type Listing = paths["/api/v3/pages/"]["get"]["responses"][200]["content"]["application/json"];
type Detail = paths["/api/v3/pages/{page_id}/"]["get"]["responses"][200]["content"]["application/json"];

export type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class APIError extends Error {
  constructor(public problem: Problem) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`);
  }
}

async function getJSON<T>(fetcher: Fetch, url: string): Promise<T> {
  const response = await fetcher(url);
  const body = await response.json();
  if (!response.ok) throw new APIError(body as Problem);
  return body as T;
}

function isEventPage(page: Detail): page is EventPage {
  return page.meta.type === "events.EventPage";
}

/** The events that have not started yet, soonest first. */
export async function listUpcomingEvents(baseUrl: string, fetcher: Fetch): Promise<EventPage[]> {
  const query: ListQuery = { type: ["events.EventPage"], order: ["start"], limit: 100 };
  const params = new URLSearchParams();
  for (const name of query.type ?? []) params.append("type", name);
  params.set("order", (query.order as string[]).join(","));
  params.set("limit", String(query.limit));
  const listing = await getJSON<Listing>(fetcher, `${baseUrl}/api/v3/pages/?${params}`);
  const events: EventPage[] = [];
  for (const item of listing.items) {
    const page = await getJSON<Detail>(fetcher, `${baseUrl}/api/v3/pages/${item.id}/`);
    const upcoming: EventStatus = "upcoming";
    if (isEventPage(page) && page.status === upcoming) events.push(page);
  }
  return events;
}

/** A person or an organisation, told apart by `kind`. */
export function describeParty(party: Person | Organisation | null | undefined): string {
  if (!party) return "";
  switch (party.kind) {
    case "person":
      return [party.name, party.role, party.organisation].filter(Boolean).join(", ");
    case "organisation":
      return party.url ? `${party.name} (${party.url})` : party.name;
  }
}

const SESSION_LABELS: Record<Session["kind"], string> = {
  welcome: "Velkomst",
  talk: "Oplæg",
  cases: "Cases",
  debate: "Debat",
  break: "Pause",
  closing: "Afrunding",
};

function time(value: string): string {
  return value.slice(11, 16);
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

function participant(p: Participant): string {
  const part = p.part ? ` (${p.part})` : "";
  return `<li>${escape(describeParty(p))}${part}</li>`;
}

/** One event's program as HTML: times, kind, title and who takes part. */
export function renderProgram(event: EventPage): string {
  const sessions = (event.program ?? []).map(
    (session: Session) =>
      `<li><time datetime="${session.start}">${time(session.start)}</time>-<time datetime="${session.end}">${time(session.end)}</time> ` +
      `<strong>${escape(SESSION_LABELS[session.kind])}: ${escape(session.title)}</strong>` +
      (session.participants?.length ? `<ul>${session.participants.map(participant).join("")}</ul>` : "") +
      `</li>`,
  );
  const host = describeParty(event.host);
  const facilitator = describeParty(event.facilitator);
  const registration = event.registration?.status ?? "none";
  return [
    `<h2>${escape(event.title)}</h2>`,
    event.venue ? `<p>${escape(event.venue.name)}, ${escape(event.venue.address)}</p>` : "",
    host ? `<p>Vært: ${escape(host)}</p>` : "",
    facilitator ? `<p>Facilitator: ${escape(facilitator)}</p>` : "",
    `<p>Tilmelding: ${registration}</p>`,
    `<ol>${sessions.join("")}</ol>`,
  ].join("\n");
}
