"""Intake orchestration: one inbound event in, state changed, replies queued, a case opened.

`handle_inbound` is the bots inbox processor's handler (bound with its dependencies by
saiduan/wiring/intake.py). It runs inside the processor's transaction: every row it writes and
every reply it queues commit together, or not at all and the event is retried.

Order of work for one event, whatever the conversation's state:
1. the contact and its open conversation (a new one after `closed`);
2. the leave word: pause, answer nothing;
3. classify the text; an emergency comes first: the safety message with the numbers that
   fit, the case opened or raised to emergency priority, supervisors alerted;
4. a status request (`ติดตามเรื่อง 1300-2569-000123` or its button): only one's own cases;
5. while a worker holds the conversation the bot stays silent (the message is stored and the
   console notified);
6. otherwise the dialogue (`intake.dialogue.decide`) says what to ask next or to open the case.

`open_case_flow` is shared with manual intake (phone and walk-in, `intake.routes`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bots.events import EventKind, InboundEvent, OutgoingMessage
from bots.outbox import cancel_pending
from bots.sqltypes import utcnow
from intake import dialogue, messages, routing, service, sla
from intake.answers import carries_story, is_leave, status_request
from intake.dialogue import CASE_CARD, WAITING_ACK, CategoryInfo, Inbound, Turn
from intake.models import (
    Case, CaseStatus, Centre, ConsentStatus, Contact, Conversation, ConversationState, Direction, Priority, Sender,
    TrainingExample,
)

log = logging.getLogger("saiduan.intake")

Classify = Callable[..., Any]
Notify = Callable[[Session, str, dict[str, Any]], None]
Enqueue = Callable[..., Any]
FindPlaces = Callable[[str], list]
S = ConversationState
# The safety message is not repeated for every fragment of a burst of urgent messages.
SAFETY_REPEAT = timedelta(minutes=3)
# Messages written before the consent question is answered are held this long at most; a person
# who never answers leaves nothing behind.
HELD_TTL = timedelta(hours=24)
CHAT_TEXT_MAX = 5000


def noop_notify(session: Session, topic: str, data: dict[str, Any]) -> None:
    """For scripts and tests that do not watch live updates."""


# -- opening a case -------------------------------------------------------------------------

@dataclass
class CaseRequest:
    channel: str
    summary: str | None = None
    contact: Contact | None = None
    conversation: Conversation | None = None
    # Classification of the story (dialogue.triage_summary shape); computed from `summary`
    # when None.
    triage: dict[str, Any] | None = None
    categories: list[str] | None = None  # chosen by the person or the worker; first is primary
    exclude: list[str] = field(default_factory=list)  # labels the person said were wrong
    emergency: bool = False
    place: dict[str, Any] | None = None  # p, d, s, label, text, lat, lng
    callback_phone: str | None = None
    callback_wanted: bool = False
    language: str = "th"
    needs_interpreter: bool = False
    facts: dict[str, Any] = field(default_factory=dict)
    actor: str = "bot"
    user_id: int | None = None


def _known(keys: list[str], categories: dict[str, Any]) -> list[str]:
    return [k for k in dict.fromkeys(keys) if k in categories]


def open_case_flow(session: Session, request: CaseRequest, *, classify: Classify, notify: Notify = noop_notify,
                   now: datetime | None = None) -> Case:
    """Classify (if needed), prioritise, route, time and number a new case; record its events."""
    now = now or utcnow()
    triage = request.triage
    if triage is None and request.summary:
        triage = dialogue.triage_summary(classify(request.summary))
    triage = triage or {}
    active = {c.key: c for c in service.active_categories(session)}
    chosen = _known(request.categories or [], active)
    labels = [k for k in triage.get("labels", []) if k not in request.exclude]
    keys = _known(chosen + labels, active)
    if not keys:
        scores = triage.get("scores") or {}
        best = max((k for k in scores if k in active and k not in request.exclude), key=scores.get, default=None)
        keys = [best] if best else (["other"] if "other" in active else [])
    emergency = bool(request.emergency or triage.get("emergency"))
    cats = [active[k] for k in keys]
    priority = sla.priority_for(cats, emergency=emergency)
    minutes = sla.sla_minutes(cats, priority)
    place = request.place or {}
    route = routing.route(session, province_code=place.get("p"), district_code=place.get("d"),
                          subdistrict_code=place.get("s"))
    number = service.next_case_number(session, now=now)
    facts = dict(request.facts)
    if triage.get("affected"):
        facts.setdefault("affected", triage["affected"])
    if triage.get("age") is not None:
        facts.setdefault("age", triage["age"])
    case = Case(
        number=number, channel=request.channel,
        contact_id=request.contact.id if request.contact else None,
        conversation_id=request.conversation.id if request.conversation else None,
        status=CaseStatus.new, priority=priority.value, priority_rank=priority.rank, emergency=emergency,
        emergency_score=float(triage.get("emergency_score") or (1.0 if emergency else 0.0)),
        categories=keys, scores=dict(triage.get("scores") or {}), facts=facts,
        summary=(request.summary or None), language=request.language,
        needs_interpreter=request.needs_interpreter, centre_id=route.centre.id,
        province_code=place.get("p"), district_code=place.get("d"), subdistrict_code=place.get("s"),
        location_text=(place.get("text") or place.get("label") or None),
        latitude=place.get("lat"), longitude=place.get("lng"),
        callback_phone=request.callback_phone, callback_wanted=bool(request.callback_wanted and request.callback_phone),
        sla_due_at=sla.due_at(now, minutes), created_at=now, updated_at=now,
    )
    if case.location_text:
        case.location_text = case.location_text[:500]
    session.add(case)
    session.flush()
    service.add_case_event(session, case=case, kind="opened", actor=request.actor, user_id=request.user_id, now=now,
                           data={"number": number, "channel": request.channel, "priority": priority.value,
                                 "categories": keys, "emergency": emergency, "sla_minutes": minutes,
                                 "model_version": triage.get("model_version"),
                                 "needs_interpreter": request.needs_interpreter})
    service.add_case_event(session, case=case, kind="routed", actor=request.actor, user_id=request.user_id, now=now,
                           data={"centre_id": route.centre.id, "level": route.level})
    if request.conversation is not None:
        request.conversation.case_id = case.id
        session.add(request.conversation)
    scope = {"case_id": case.id, "centre_id": case.centre_id, "province_code": case.province_code}
    notify(session, "case", {**scope, "kind": "opened"})
    if emergency:
        notify(session, "alert", {**scope, "kind": "emergency"})
    log.info("case opened", extra={"case": number, "priority": priority.value, "centre_id": route.centre.id,
                                   "route_level": route.level})
    return case


def raise_to_emergency(session: Session, case: Case, *, notify: Notify, now: datetime, score: float,
                       actor: str = "bot") -> bool:
    """Priority emergency, 15-minute clock, alert; False if it already was an emergency."""
    if case.priority == Priority.emergency:
        return False
    before = case.priority
    case.priority = Priority.emergency.value
    case.priority_rank = Priority.emergency.rank
    case.emergency = True
    case.emergency_score = max(case.emergency_score or 0.0, score)
    due = sla.due_at(now, sla.EMERGENCY_MINUTES)
    case.sla_due_at = min(case.sla_due_at, due) if case.sla_due_at else due
    if case.status == CaseStatus.closed:
        # A closed case that turns urgent again is reopened rather than left closed.
        case.status = CaseStatus.new
        case.closed_at = None
    case.updated_at = now
    session.add(case)
    service.add_case_event(session, case=case, kind="priority_changed", actor=actor, now=now,
                           data={"from": before, "to": Priority.emergency.value, "reason": "emergency_detected"})
    scope = {"case_id": case.id, "centre_id": case.centre_id, "province_code": case.province_code}
    notify(session, "case", {**scope, "kind": "priority"})
    notify(session, "alert", {**scope, "kind": "emergency"})
    return True


def update_case_details(session: Session, case: Case, ctx: dict[str, Any], *, now: datetime,
                        notify: Notify) -> None:
    """Add what the dialogue gathered after an early (emergency) opening; re-route on a place."""
    changed: dict[str, Any] = {}
    place = ctx.get("place") or {}
    if place.get("p") and (place.get("p"), place.get("d"), place.get("s")) != (
            case.province_code, case.district_code, case.subdistrict_code):
        case.province_code, case.district_code, case.subdistrict_code = place.get("p"), place.get("d"), place.get("s")
        new = routing.route(session, province_code=case.province_code, district_code=case.district_code,
                            subdistrict_code=case.subdistrict_code)
        changed["place"] = dialogue._level(place)
        if new.centre.id != case.centre_id:
            service.add_case_event(session, case=case, kind="routed", now=now,
                                   data={"centre_id": new.centre.id, "from_centre_id": case.centre_id,
                                         "level": new.level})
            case.centre_id = new.centre.id
    if place.get("lat") is not None and case.latitude is None:
        case.latitude, case.longitude = place.get("lat"), place.get("lng")
        changed["coordinates"] = True
    text = place.get("text") or place.get("label")
    if text and not case.location_text:
        case.location_text = text[:500]
    phone = ctx.get("phone")
    if phone and phone != dialogue.SKIPPED and case.callback_phone != phone:
        case.callback_phone = phone
        case.callback_wanted = True
        changed["callback_phone"] = True
    story = " ".join(ctx.get("desc", []))
    if story and len(story) > len(case.summary or ""):
        # The story grew after an early (emergency) opening: the worker reads all of it.
        case.summary = story
        changed["summary"] = True
    who = _who(ctx)
    if who and case.facts.get("who") != who:
        case.facts = {**case.facts, "who": who}
        changed["who"] = True
    if changed:
        case.updated_at = now
        session.add(case)
        service.add_case_event(session, case=case, kind="details_added", now=now, data=changed)
        notify(session, "case", {"case_id": case.id, "centre_id": case.centre_id,
                                 "province_code": case.province_code, "kind": "details"})


def _who(ctx: dict[str, Any]) -> str | list[str] | None:
    who = ctx.get("who")
    if who == "text":
        return ctx.get("who_text")
    if who and who != dialogue.SKIPPED:
        return who
    return ctx.get("who_auto") or None


# -- one inbound event ----------------------------------------------------------------------

def _inbound(event: InboundEvent) -> Inbound:
    loc = event.location
    return Inbound(
        kind=str(event.kind), text=(event.text or None) and event.text[:CHAT_TEXT_MAX], payload=event.payload,
        latitude=loc.latitude if loc else None, longitude=loc.longitude if loc else None,
        address=(loc.address or loc.title) if loc else None,
        media_path=event.extra.get("media_path"), media_type=event.extra.get("media_type") or event.media_type,
    )


def _bkk(value: datetime | None) -> str:
    if value is None:
        return "-"
    local = value.astimezone(service.BANGKOK)
    return f"{local.day:02d}/{local.month:02d}/{local.year + service.BE_OFFSET} {local:%H:%M}"


class _Handler:
    """The work for one event; small methods so each rule reads on its own."""

    def __init__(self, session: Session, event: InboundEvent, inbox_id: int | None, *, classify: Classify,
                 notify: Notify, enqueue: Enqueue, find_places: FindPlaces, now: datetime) -> None:
        self.session = session
        self.event = event
        self.inbox_id = inbox_id
        self.classify = classify
        self.notify = notify
        self.enqueue = enqueue
        self.find_places = find_places
        self.now = now
        self.inbound = _inbound(event)
        self.replies: list[OutgoingMessage | str] = []
        self.store_content = False  # whether the message's text/media/location may be stored
        self.case: Case | None = None
        self.message_id: int | None = None
        # The message was urgent: kept without consent to protect life (PDPA s.24(2)).
        self.vital = False

    # ---- helpers
    @property
    def lang(self) -> str:
        return "en" if self.contact.language == "en" else "th"

    def scope(self) -> dict[str, Any]:
        c = self.case
        return {"case_id": c.id if c else None, "centre_id": c.centre_id if c else None,
                "province_code": c.province_code if c else None}

    def set_state(self, state: S, **data: Any) -> None:
        service.set_state(self.session, conversation=self.conv, state=state.value, now=self.now, data=data or None)

    def categories(self) -> list[CategoryInfo]:
        return [CategoryInfo(c.key, c.name_th, c.name_en) for c in service.active_categories(self.session)]

    # ---- main
    def run(self) -> None:
        ev = self.event
        self.contact = service.get_or_create_contact(
            self.session, channel=str(ev.channel), channel_user_id=ev.user_id, display_name=ev.display_name,
            now=self.now)
        if ev.kind == EventKind.unfollow:
            self.contact.blocked = True
            self.session.add(self.contact)
            conv = service.current_conversation(self.session, contact=self.contact)
            if conv is not None:
                service.record_event(self.session, conversation=conv, kind="blocked", now=self.now)
            return
        self.contact.blocked = False
        if ev.kind != EventKind.follow:
            self.contact.last_inbound_at = self.now
        self.session.add(self.contact)
        conv = service.current_conversation(self.session, contact=self.contact)
        if conv is None:
            if ev.kind == EventKind.follow and self.contact.consent == ConsentStatus.refused:
                return  # an unblock after a refusal: wait until they write
            conv = service.start_conversation(self.session, contact=self.contact, now=self.now)
        self.conv = conv
        drop_expired_held(self.session, conv, now=self.now)
        self.case = self.session.get(Case, conv.case_id) if conv.case_id else None
        if conv.paused:
            conv.paused = False
            service.record_event(self.session, conversation=conv, kind="resumed", now=self.now)
        if self.leave():
            return
        triage = self.classify_message()
        if triage is not None and triage.emergency and _has_words(self.inbound.text, self.event.sticker_keywords):
            self.emergency(triage)
        if self.status_check():
            return self.finish_turn()
        if conv.state == S.with_human:
            self.store_content = self.may_store()
            return self.finish_turn()
        self.dialogue(triage)
        self.finish_turn()

    def may_store(self) -> bool:
        return self.contact.consent == ConsentStatus.given or bool(self.case and self.case.emergency) \
            or bool(self.case and self.case.needs_interpreter)

    def leave(self) -> bool:
        inbound = self.inbound
        if inbound.payload != "leave" and not (inbound.kind == "text" and is_leave(inbound.text)):
            return False
        self.conv.paused = True
        self.conv.updated_at = self.now
        self.session.add(self.conv)
        # Nothing more may reach the phone, including replies already queued for this person.
        withdrawn = cancel_pending(self.session, channel=self.contact.channel, recipient=self.contact.channel_user_id)
        service.record_event(self.session, conversation=self.conv, kind="paused", now=self.now,
                             data={"withdrawn": withdrawn})
        self.store_content = False
        self.record_inbound()
        if self.case is not None:
            self.notify(self.session, "message", {"conversation_id": self.conv.id, "case_id": self.case.id,
                                                  "message_id": self.message_id, "direction": Direction.inbound.value})
        return True

    def classify_message(self) -> Any:
        text = self.inbound.text if self.inbound.kind == "text" else None
        stickers = self.event.sticker_keywords or None
        if not text and not stickers:
            return None
        triage = self.classify(text or "", sticker_keywords=stickers)
        lang = triage.language
        if text and lang == "en" and len(text.strip()) >= 6 and self.contact.language != "en":
            self.contact.language = "en"
        elif text and lang == "th" and self.contact.language != "th":
            self.contact.language = "th"
        elif lang in messages.INTERPRETER_LANGS:
            self.contact.language = lang
        self.session.add(self.contact)
        return triage

    # ---- emergencies
    def emergency(self, triage: Any) -> None:
        """Safety first, in every state: numbers, the case opened or raised, supervisors alerted.

        Without consent (not asked yet, or refused) the urgent message is still kept and the
        case opened: PDPA s.24(2)/s.26(1)(a) allow it to protect someone's life or body; the
        person is told so (messages.emergency_no_consent_note)."""
        ctx = dict(self.conv.context or {})
        last = ctx.get("safety_at")
        recent = last is not None and self.now - datetime.fromisoformat(last) < SAFETY_REPEAT
        foreign = self.contact.language in messages.INTERPRETER_LANGS
        if not recent:
            # Burmese, Khmer and Lao speakers get their fixed text, which carries 191 and 1669.
            self.replies.append(messages.interpreter_notice(self.contact.language) if foreign
                                else messages.emergency_safety(self.lang, triage.labels))
            ctx["safety_at"] = self.now.isoformat()
            if foreign:
                ctx["ack_at"] = self.now.isoformat()
        self.store_content = True
        summary = dialogue.triage_summary(triage)
        self.vital = True
        if self.case is None:
            story = [*ctx.get("desc", []), *[h["t"] for h in ctx.get("held", []) if h.get("t")]]
            if self.inbound.text and self.inbound.text not in story:
                story.append(self.inbound.text)
            if story and len(story) > 1:
                summary = dialogue.triage_summary(self.classify(" ".join(story)))
                summary["emergency"] = True
            place = ctx.get("place") if (ctx.get("place") or {}).get("p") else None
            consent = self.contact.consent
            self.case = open_case_flow(self.session, CaseRequest(
                channel=str(self.event.channel), summary=" ".join(story) or None, contact=self.contact,
                conversation=self.conv, triage=summary, emergency=True, place=place,
                language=self.lang, facts={"lawful_basis": "consent" if consent == ConsentStatus.given
                                           else "vital_interest"},
            ), classify=self.classify, notify=self.notify, now=self.now)
            if consent != ConsentStatus.given and not foreign:
                self.replies.append(messages.emergency_no_consent_note(self.lang))
            if self.conv.state in (S.describe, S.clarify):
                ctx["await"] = ctx.get("await") or "describe"
                self.conv.context = ctx
                self.set_state(S.case_opened, reason="emergency")
            elif self.conv.state in (S.first_contact, S.consent):
                pass  # the dialogue still greets and asks for consent after the safety message
        else:
            raise_to_emergency(self.session, self.case, notify=self.notify, now=self.now,
                               score=float(triage.emergency_score))
        self.conv.context = ctx
        self.session.add(self.conv)

    # ---- status requests
    def status_check(self) -> bool:
        payload = self.inbound.payload or ""
        if payload.startswith("status:"):
            wanted, number = True, payload[len("status:"):]
        elif self.inbound.kind == "text":
            wanted, number = status_request(self.inbound.text)
        else:
            return False
        if not wanted or self.conv.state == S.with_human:
            return False
        self.store_content = self.may_store()
        if number is None:
            numbers = [c.number for c in service.own_cases(self.session, contact=self.contact)]
            self.replies.append(messages.status_list(self.lang, numbers))
            return True
        case = service.own_case(self.session, contact=self.contact, number=number)
        if case is None:
            self.replies.append(messages.status_refused(self.lang))
        else:
            self.replies.append(messages.case_status(self.lang, number=case.number, status=case.status,
                                                     updated=_bkk(case.updated_at)))
        return True

    # ---- the dialogue
    def dialogue(self, triage: Any) -> None:
        conv, contact = self.conv, self.contact
        before_state = conv.state
        turn = Turn(
            state=conv.state, context=dict(conv.context or {}), consent=contact.consent, language=self.lang,
            now=self.now, categories=self.categories(), safe_to_contact=contact.safe_to_contact,
            has_case=self.case is not None, case_emergency=bool(self.case and self.case.emergency),
        )
        out = dialogue.decide(turn, self.inbound, triage, describe=lambda text: self.classify(text),
                              find_places=self.find_places)
        ctx = out.context
        for kind, data in out.events:
            if kind != "state":
                service.record_event(self.session, conversation=conv, kind=kind, data=data, now=self.now)
        if out.consent is not None:
            contact.consent = out.consent
            contact.consent_at = self.now
        if out.set_safe:
            contact.safe_to_contact = out.safe_to_contact
        if out.quiet is not None:
            contact.quiet_notifications = out.quiet
        self.session.add(contact)
        self.store_content = self.store_content or (
            contact.consent == ConsentStatus.given and not out.hold) or out.interpreter is not None
        if out.interpreter:
            contact.language = out.interpreter
        self.record_inbound(hold=out.hold and not self.store_content, ctx=ctx)
        if out.release_held:
            self.release_held(turn.context.get("held", []))
        if out.discard_held:
            self.discard_held(turn.context.get("held", []))
            self.purge_refused_messages()
        conv.context = ctx
        conv.updated_at = self.now
        self.session.add(conv)
        if out.finish:
            self.finish_case(ctx, out)
        if ctx.get("correction") and self.case is not None and not ctx.get("correction_saved"):
            # Saved once the case exists, so the example links to it; a person who leaves
            # before that leaves no example behind.
            self.save_correction(ctx, ctx["correction"])
            ctx["correction_saved"] = True
        if out.state != before_state:
            self.set_state(S(out.state))
        self.replies.extend(out.replies)

    def finish_case(self, ctx: dict[str, Any], out: dialogue.Outcome) -> None:
        if self.case is None:
            chosen = [ctx["category"]] if ctx.get("category") and ctx["category"] != dialogue.SKIPPED else []
            phone = ctx.get("phone") if ctx.get("phone") not in (None, dialogue.SKIPPED) else None
            place = ctx.get("place") if (ctx.get("place") or {}).get("p") or (ctx.get("place") or {}).get("lat") \
                is not None else None
            if place is None and ctx.get("place_text"):
                place = {"text": ctx["place_text"]}
            facts: dict[str, Any] = {"lawful_basis": "consent" if self.contact.consent == ConsentStatus.given
                                     else "interpreter_pending"}
            who = _who(ctx)
            if who:
                facts["who"] = who
            if ctx.get("category_confirmed") is not None:
                facts["category_confirmed"] = ctx["category_confirmed"]
            if self.contact.safe_to_contact is False:
                facts["unsafe_to_contact"] = True
            self.case = open_case_flow(self.session, CaseRequest(
                channel=str(self.event.channel), summary=" ".join(ctx.get("desc", [])) or None,
                contact=self.contact, conversation=self.conv, triage=ctx.get("triage"), categories=chosen,
                exclude=[ctx["corrected_from"]] if ctx.get("corrected_from") else [],
                place=place, callback_phone=phone, callback_wanted=phone is not None,
                language=out.interpreter or self.lang, needs_interpreter=out.interpreter is not None,
                facts=facts,
            ), classify=self.classify, notify=self.notify, now=self.now)
            if out.interpreter is None:
                self.set_state(S.case_opened)
        else:
            if out.interpreter and not self.case.needs_interpreter:
                self.case.needs_interpreter = True
                self.case.language = out.interpreter
                self.session.add(self.case)
                service.add_case_event(self.session, case=self.case, kind="details_added", now=self.now,
                                       data={"needs_interpreter": True})
            update_case_details(self.session, self.case, ctx, now=self.now, notify=self.notify)

    def save_correction(self, ctx: dict[str, Any], label: str) -> None:
        text = " ".join(ctx.get("desc", []))
        if text:
            self.session.add(TrainingExample(text=text, labels=[label], emergency=bool(self.case.emergency),
                                             source="correction", case_id=self.case.id, created_at=self.now))

    # ---- storage of the person's message
    def record_inbound(self, *, hold: bool = False, ctx: dict[str, Any] | None = None) -> None:
        inbound, ev = self.inbound, self.event
        keep = self.store_content and not hold
        payload: dict[str, Any] = {}
        if inbound.payload:
            payload["payload"] = inbound.payload
        if hold:
            payload["held"] = True
        if keep and self.vital:
            payload["vital"] = True
        if keep and inbound.latitude is not None:
            payload["location"] = {"lat": inbound.latitude, "lng": inbound.longitude, "address": inbound.address}
        msg = service.record_message(
            self.session, conversation=self.conv, direction=Direction.inbound.value, sender=Sender.citizen.value,
            kind=str(ev.kind), text=inbound.text if keep else None, payload=payload,
            media_path=inbound.media_path if keep else None, media_type=inbound.media_type if keep else None,
            media_size=ev.extra.get("media_size") if keep else None, inbox_id=self.inbox_id, now=self.now)
        self.message_id = msg.id
        if hold and ctx is not None and ctx.get("held"):
            ctx["held"][-1]["m"] = msg.id
            if inbound.media_type:
                ctx["held"][-1]["media_type"] = inbound.media_type
        elif not keep and inbound.media_path:
            _delete_media(inbound.media_path)  # nothing may be kept: do not leave the file behind

    def release_held(self, held: list[dict[str, Any]]) -> None:
        """Consent given: the messages kept aside get their content back."""
        from intake.models import Message

        for entry in held:
            msg = self.session.get(Message, entry.get("m")) if entry.get("m") else None
            if msg is None:
                continue
            msg.text = entry.get("t")
            if entry.get("media"):
                msg.media_path = entry["media"]
                msg.media_type = entry.get("media_type")
            if entry.get("loc"):
                lat, lng, address = entry["loc"]
                msg.payload = {**(msg.payload or {}), "location": {"lat": lat, "lng": lng, "address": address}}
            msg.payload = {k: v for k, v in (msg.payload or {}).items() if k != "held"}
            self.session.add(msg)

    def discard_held(self, held: list[dict[str, Any]]) -> None:
        for entry in held:
            if entry.get("media"):
                _delete_media(entry["media"])

    def purge_refused_messages(self) -> None:
        """After a refusal nothing the person wrote stays: their messages keep only the kind."""
        from sqlmodel import select

        from intake.models import Message

        rows = self.session.exec(select(Message).where(
            Message.conversation_id == self.conv.id, Message.direction == Direction.inbound.value)).all()
        for msg in rows:
            if (msg.payload or {}).get("vital"):
                continue  # an urgent message kept to protect life stays with its case
            if msg.text is not None or msg.media_path is not None or msg.payload:
                if msg.media_path:
                    _delete_media(msg.media_path)
                msg.text, msg.media_path, msg.media_type, msg.media_size = None, None, None, None
                msg.payload = {}
                self.session.add(msg)

    # ---- replies
    def render(self, reply: OutgoingMessage | str) -> OutgoingMessage | None:
        if isinstance(reply, OutgoingMessage):
            return reply
        case = self.case
        if reply == CASE_CARD and case is not None:
            centre = self.session.get(Centre, case.centre_id) if case.centre_id else None
            minutes = max(1, round((case.sla_due_at - self.now).total_seconds() / 60)) if case.sla_due_at else 60
            return messages.case_opened(self.lang, number=case.number, centre_name=centre.name_th if centre else None,
                                        minutes=minutes, callback=bool(case.callback_wanted))
        if reply == WAITING_ACK:
            return messages.waiting_ack(self.lang, case.number if case else None)
        return None

    def finish_turn(self) -> None:
        if self.message_id is None:
            self.record_inbound()
        conv, contact, case = self.conv, self.contact, self.case
        conv.updated_at = self.now
        self.session.add(conv)
        if case is not None:
            self.notify(self.session, "message", {"conversation_id": conv.id, "case_id": case.id,
                                                  "message_id": self.message_id,
                                                  "direction": Direction.inbound.value})
        ref = f"case:{case.id}" if case else f"conversation:{conv.id}"
        for reply in self.replies:
            message = self.render(reply)
            if message is None:
                continue
            row = self.enqueue(
                self.session, channel=str(self.event.channel), recipient=contact.channel_user_id, message=message,
                reply_token=self.event.reply_token,
                reply_token_expires_at=self.event.reply_token_expires_at if self.event.reply_token else None,
                quiet=bool(contact.quiet_notifications), ref=ref)
            self.session.flush()
            out_payload: dict[str, Any] = {}
            if message.quick_replies:
                out_payload["quick_replies"] = [q.model_dump() for q in message.quick_replies]
            if message.case_card:
                out_payload["case_card"] = message.case_card.model_dump()
            if message.ask_location:
                out_payload["ask_location"] = True
            msg = service.record_message(self.session, conversation=conv, direction=Direction.outbound.value,
                                         sender=Sender.bot.value, text=message.text, payload=out_payload,
                                         outbox_id=row.id, now=self.now)
            if case is not None:
                self.notify(self.session, "message", {"conversation_id": conv.id, "case_id": case.id,
                                                      "message_id": msg.id, "direction": Direction.outbound.value})


def drop_expired_held(session: Session, conv: Conversation, *, now: datetime) -> bool:
    """Forget what a person wrote before answering the consent question, once HELD_TTL passed."""
    held = (conv.context or {}).get("held")
    if not held or conv.updated_at is None or now - conv.updated_at < HELD_TTL:
        return False
    for entry in held:
        if entry.get("media"):
            _delete_media(entry["media"])
    conv.context = {k: v for k, v in conv.context.items() if k != "held"}
    session.add(conv)
    service.record_event(session, conversation=conv, kind="held_expired", data={"count": len(held)}, now=now)
    return True


def expire_held_messages(session: Session, *, now: datetime | None = None, limit: int = 500) -> int:
    """For a scheduled job: drop held pre-consent messages of conversations idle for HELD_TTL."""
    from sqlmodel import select

    now = now or utcnow()
    stmt = (select(Conversation).where(Conversation.state.in_([S.first_contact.value, S.consent.value]),
                                       Conversation.updated_at < now - HELD_TTL).limit(limit))
    return sum(drop_expired_held(session, conv, now=now) for conv in session.exec(stmt).all())


def _has_words(text: str | None, stickers: list[str] | None) -> bool:
    """A sticker, or text that is more than a bare answer (see answers.carries_story)."""
    return bool(stickers) or carries_story(text)


def _delete_media(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        log.warning("held media could not be deleted", extra={"error": "oserror"})


def default_find_places(text: str) -> list:
    import nlp

    return nlp.find_places(text)


def handle_inbound(session: Session, event: InboundEvent, inbox_id: int | None, *, classify: Classify,
                   enqueue: Enqueue, notify: Notify = noop_notify, find_places: FindPlaces | None = None,
                   now: datetime | None = None) -> None:
    """The inbound handler: see the module docstring. The caller commits."""
    _Handler(session, event, inbox_id, classify=classify, notify=notify, enqueue=enqueue,
             find_places=find_places or default_find_places, now=now or utcnow()).run()


# -- manual intake (phone and walk-in) ------------------------------------------------------

class ManualIntakeError(ValueError):
    """Refused manual case; the message is Thai, for the worker."""


MANUAL_CHANNELS = ("phone", "walkin")


def manual_intake(session: Session, *, staff: Any, text: str, channel: str, classify: Classify,
                  notify: Notify = noop_notify, caller_name: str | None = None, caller_phone: str | None = None,
                  province_code: int | None = None, district_code: int | None = None,
                  subdistrict_code: int | None = None, location_text: str | None = None,
                  categories: list[str] | None = None, emergency: bool = False, consent: bool = True,
                  language: str = "th", needs_interpreter: bool = False, now: datetime | None = None) -> Case:
    """A worker opens a case for a caller or a visitor, through the same flow as the chat.

    The worker asks the caller for consent aloud; without it only an emergency may be recorded
    (to protect life), as in the chat."""
    import nlp

    from intake.answers import phone as parse_phone

    now = now or utcnow()
    text = (text or "").strip()
    if channel not in MANUAL_CHANNELS:
        raise ManualIntakeError("ช่องทางต้องเป็นโทรศัพท์หรือมาด้วยตนเอง")
    if not text:
        raise ManualIntakeError("กรุณาบันทึกเรื่องที่ผู้ติดต่อเล่า")
    if len(text) > 10_000:
        raise ManualIntakeError("ข้อความยาวเกินไป")
    if not consent and not emergency:
        raise ManualIntakeError("ผู้ติดต่อยังไม่ยินยอมให้เก็บข้อมูล บันทึกได้เฉพาะกรณีฉุกเฉิน")
    phone = None
    if caller_phone:
        phone = parse_phone(caller_phone)
        if phone is None:
            raise ManualIntakeError("เบอร์โทรไม่ถูกต้อง (9-10 หลัก)")
    place: dict[str, Any] | None = None
    if province_code or district_code or subdistrict_code:
        province = province_code or (district_code // 100 if district_code else subdistrict_code // 10000)
        found = nlp.place_from_codes(province, district_code, subdistrict_code)
        if found is None:
            raise ManualIntakeError("รหัสพื้นที่ไม่ถูกต้อง")
        place = dialogue.place_dict(found, "manual")
    if location_text:
        place = {**(place or {}), "text": location_text.strip()[:500]}
    active = {c.key for c in service.active_categories(session)}
    unknown = [c for c in categories or [] if c not in active]
    if unknown:
        raise ManualIntakeError("ไม่รู้จักหมวดปัญหา: " + ", ".join(unknown))
    contact = Contact(channel=channel, channel_user_id=f"{channel}:{os.urandom(9).hex()}",
                      display_name=(caller_name or "").strip()[:200] or None, language=language,
                      consent=ConsentStatus.given if consent else ConsentStatus.unknown,
                      consent_at=now if consent else None, created_at=now, last_inbound_at=now)
    session.add(contact)
    session.flush()
    case = open_case_flow(session, CaseRequest(
        channel=channel, summary=text, contact=contact, categories=categories or None, emergency=emergency,
        place=place, callback_phone=phone, callback_wanted=phone is not None, language=language,
        needs_interpreter=needs_interpreter, actor="worker", user_id=staff.id,
        facts={"lawful_basis": "consent" if consent else "vital_interest", "opened_by": "manual"},
    ), classify=classify, notify=notify, now=now)
    return case
