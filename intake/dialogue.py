"""The intake conversation as a pure state machine: no database, no clock, no network.

`decide(turn, inbound, triage, ...)` takes what is known about the conversation (state, the
slots gathered so far in `context`, consent, language) and one inbound event, and returns the
next state, the replies and the effects for `intake.flows` to carry out. Emergencies, the leave
word and status checks are handled by flows before this runs (they need the database and apply
in every state).

States (ConversationState):

    first_contact --any message--> consent --yes--> describe --story--> clarify --all asked--> waiting_human
                                      |                 ^  (safe? then the story)  (category, where,
                                      no                |                           phone, who)
                                      v                 '-- new conversation after `closed`
                                    closed
    an emergency at any point opens the case at once: describe/clarify -> case_opened (the bot
    still asks where and a phone) -> waiting_human.  Burmese/Khmer/Lao -> fixed notice, case
    with interpreter -> waiting_human.  A worker's takeover moves it to with_human (handoff/),
    "return to bot" to case_opened; closing the case closes the conversation.

`context` keys (JSON): await (the question on screen), asked_sig / asked_at (to avoid asking
the same thing twice in a burst), asks (times each question was sent), held (messages kept
aside until consent is answered), desc (the story's messages, read together), triage (summary
of the last classification of the whole story), suggested / category / corrected, place,
place_candidates, phone, phone_offer, who, need_safe, safe_done.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bots.events import OutgoingMessage
from intake import answers, messages
from intake.centres import parse_area
from intake.models import ConsentStatus, ConversationState

S = ConversationState
# A question already on screen is not sent again while messages keep arriving this quickly.
BURST_SECONDS = 60
# After a question has been sent this many times without an answer, it counts as skipped.
MAX_ASKS = 2
# "Got your message" while waiting for a worker: at most once in this many seconds.
ACK_REPEAT_SECONDS = 600
MAX_PLACE_CHOICES = 5
MAX_DESC_MESSAGES = 30
# Markers in Outcome.replies that flows renders once the case exists.
CASE_CARD = "case_card"
WAITING_ACK = "waiting_ack"
SKIPPED = "skipped"


@dataclass(frozen=True)
class CategoryInfo:
    key: str
    name_th: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_th


@dataclass(frozen=True)
class Inbound:
    kind: str
    text: str | None = None
    payload: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    media_path: str | None = None
    media_type: str | None = None


@dataclass
class Turn:
    state: str
    context: dict[str, Any]
    consent: str
    language: str  # th or en: the language bot texts are written in
    now: datetime
    categories: Sequence[CategoryInfo]
    safe_to_contact: bool | None = None
    has_case: bool = False
    case_emergency: bool = False


@dataclass
class Outcome:
    state: str
    context: dict[str, Any]
    replies: list[OutgoingMessage | str] = field(default_factory=list)
    consent: str | None = None
    safe_to_contact: bool | None = None
    set_safe: bool = False
    quiet: bool | None = None
    hold: bool = False  # keep this message without its content until consent is answered
    release_held: bool = False
    discard_held: bool = False
    finish: bool = False  # open the case (or complete the one an emergency opened)
    interpreter: str | None = None  # my / km / lo
    correction: str | None = None  # category key the person chose over the suggestion
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


Describe = Callable[[str], Any]  # joined story -> nlp.Triage
FindPlaces = Callable[[str], list]  # text -> list[nlp.Place]


# -- helpers --------------------------------------------------------------------------------

def place_dict(p: Any, source: str) -> dict[str, Any]:
    return {
        "p": int(p.province_code) if p.province_code is not None else None,
        "d": int(p.district_code) if p.district_code is not None else None,
        "s": int(p.subdistrict_code) if p.subdistrict_code is not None else None,
        "label": place_label(p),
        "source": source,
    }


def place_label(p: Any) -> str:
    """"ต.ในเมือง อ.เมืองชัยนาท จ.ชัยนาท" / "แขวงบางรัก เขตบางรัก กรุงเทพมหานคร"."""
    bangkok = int(p.province_code) == 10
    parts = []
    if getattr(p, "subdistrict_th", None):
        parts.append(("แขวง" if bangkok else "ต.") + p.subdistrict_th)
    if getattr(p, "district_th", None):
        d = p.district_th
        parts.append(d if d.startswith("เขต") else ("เขต" if bangkok else "อ.") + d)
    if getattr(p, "province_th", None):
        parts.append(p.province_th if bangkok else "จ." + p.province_th)
    return " ".join(parts)


def place_short(place: dict[str, Any]) -> str:
    """A button label (20 characters): the most specific name and the province."""
    parts = (place.get("label") or "").split()
    if len(parts) >= 2:
        return f"{parts[0]} {parts[-1].removeprefix('จ.')}"
    return place.get("label") or place_payload(place)


def place_payload(place: dict[str, Any]) -> str:
    if place.get("s"):
        return f"place:S{place['s']:06d}"
    if place.get("d"):
        return f"place:D{place['d']:04d}"
    return f"place:P{place['p']:02d}"


def codes_from_payload(payload: str) -> dict[str, int | None] | None:
    try:
        area = parse_area(payload.split(":", 1)[1])
    except (ValueError, IndexError):
        return None
    return {"p": area.province_code, "d": area.district_code, "s": area.subdistrict_code}


def resolve_place_text(text: str, find_places: FindPlaces) -> list:
    """Places a typed answer to "where?" names. A bare name is read as a province, then a
    district, then a sub-district, because the person is answering that very question."""
    found = find_places(text)
    if found:
        return found
    for marker in ("จ.", "อ.", "ต."):
        found = find_places(f"{marker}{text.strip()}")
        if found:
            return found
    return []


def _seconds_since(iso: str | None, now: datetime) -> float | None:
    if not iso:
        return None
    try:
        return (now - datetime.fromisoformat(iso)).total_seconds()
    except ValueError:
        return None


def top_label(triage: Any) -> str | None:
    labels = list(getattr(triage, "labels", []) or [])
    scores = dict(getattr(triage, "scores", {}) or {})
    if labels:
        return max(labels, key=lambda k: scores.get(k, 0.0))
    if scores:
        return max(scores, key=scores.get)
    return None


def triage_summary(triage: Any) -> dict[str, Any]:
    ents = triage.entities
    return {
        "labels": list(triage.labels),
        "scores": {k: round(float(v), 4) for k, v in triage.scores.items()},
        "emergency": bool(triage.emergency),
        "emergency_score": round(float(triage.emergency_score), 4),
        "language": triage.language,
        "model_version": triage.model_version,
        "affected": list(ents.affected),
        "age": ents.age,
    }


# -- the machine ----------------------------------------------------------------------------

class _Run:
    def __init__(self, turn: Turn, inbound: Inbound, triage: Any, describe: Describe,
                 find_places: FindPlaces) -> None:
        self.turn = turn
        self.inbound = inbound
        self.triage = triage
        self.describe = describe
        self.find_places = find_places
        self.lang = turn.language
        self.ctx = copy.deepcopy(turn.context)
        self.out = Outcome(state=turn.state, context=self.ctx)
        # The same reading as flows: a typed bare answer is an answer, not an emergency.
        self.emergency_message = bool(triage is not None and triage.emergency and (
            inbound.kind != "text" or answers.carries_story(inbound.text)))

    # ---- small tools
    @property
    def text(self) -> str:
        return (self.inbound.text or "").strip()

    @property
    def payload(self) -> str:
        return self.inbound.payload or ""

    def say(self, message: OutgoingMessage | str) -> None:
        self.out.replies.append(message)

    def move(self, state: S) -> None:
        if self.out.state != state:
            self.out.events.append(("state", {"from": self.out.state, "to": state.value}))
        self.out.state = state.value

    def ask(self, slot: str, message: OutgoingMessage, sig_extra: str = "") -> None:
        """Send a question unless the same one went out moments ago (a burst of messages)."""
        sig = f"{slot}:{sig_extra}"
        since = _seconds_since(self.ctx.get("asked_at"), self.turn.now)
        self.ctx["await"] = slot
        if self.ctx.get("asked_sig") == sig and since is not None and since < BURST_SECONDS:
            return
        self.ctx["asked_sig"] = sig
        self.ctx["asked_at"] = self.turn.now.isoformat()
        asks = self.ctx.setdefault("asks", {})
        asks[slot] = asks.get(slot, 0) + 1
        self.say(message)

    def asked_enough(self, slot: str) -> bool:
        return self.ctx.get("asks", {}).get(slot, 0) >= MAX_ASKS

    def categories(self) -> dict[str, CategoryInfo]:
        return {c.key: c for c in self.turn.categories}

    # ---- entry
    def run(self) -> Outcome:
        state = S(self.turn.state)
        if self.interpreter_needed(state):
            return self.out
        if state is S.first_contact:
            self.first_contact()
        elif state is S.consent:
            self.consent()
        elif state in (S.describe, S.clarify) or (state is S.case_opened and self.ctx.get("await")):
            self.slots()
        elif state in (S.case_opened, S.waiting_human):
            self.waiting()
        # with_human and closed are handled by flows (silence / a new conversation).
        return self.out

    def interpreter_needed(self, state: S) -> bool:
        lang = getattr(self.triage, "language", None)
        if lang not in messages.INTERPRETER_LANGS:
            return False
        if state in (S.first_contact, S.consent, S.describe, S.clarify):
            self.out.interpreter = lang
            self.out.release_held = True
            self.ctx.setdefault("desc", [])
            self.ctx["desc"] = [h["t"] for h in self.ctx.pop("held", []) if h.get("t")] + self.ctx["desc"]
            if self.text:
                self.ctx["desc"].append(self.text)
            self.ctx["await"] = None
            self.ctx["ack_at"] = self.turn.now.isoformat()
            self.say(messages.interpreter_notice(lang))
            self.out.finish = True
            self.move(S.waiting_human)
            return True
        if state in (S.case_opened, S.waiting_human):
            self.out.interpreter = lang
            since = _seconds_since(self.ctx.get("ack_at"), self.turn.now)
            if since is None or since >= ACK_REPEAT_SECONDS:
                self.ctx["ack_at"] = self.turn.now.isoformat()
                self.say(messages.interpreter_notice(lang))
            return True
        return False

    # ---- first contact and consent
    def first_contact(self) -> None:
        if self.turn.consent == ConsentStatus.given:
            # Consent from an earlier conversation still stands; safety is asked again because
            # a person's situation changes.
            self.say(messages.welcome_back(self.lang))
            self.ctx.update({"need_safe": True})
            self.move(S.describe)
            self.take_story_or_answer()
            self.next_question()
            return
        self.say(messages.greeting(self.lang))
        self.hold()
        self.ctx["await"] = "consent"
        # Not the reminder's signature: a person who writes instead of tapping gets the short
        # reminder with its buttons once (typing clears quick replies on LINE and the web chat),
        # then no more reminders for the rest of a burst.
        self.ctx["asked_sig"] = "consent:request"
        self.ctx["asked_at"] = self.turn.now.isoformat()
        self.say(messages.consent_request(self.lang))
        self.move(S.consent)

    def hold(self) -> None:
        if self.inbound.kind in ("follow", "unfollow", "postback"):
            return
        self.out.hold = True
        entry: dict[str, Any] = {}
        if self.text:
            entry["t"] = self.text
        if self.inbound.media_path:
            entry["media"] = self.inbound.media_path
        if self.inbound.latitude is not None:
            entry["loc"] = [self.inbound.latitude, self.inbound.longitude, self.inbound.address]
        self.ctx.setdefault("held", []).append(entry)

    def consent(self) -> None:
        answer = None
        if self.payload in ("consent:yes", "consent:no"):
            answer = self.payload == "consent:yes"
        elif self.inbound.kind == "text" and (answers.is_yes(self.text) or answers.is_no(self.text)):
            answer = answers.is_yes(self.text)
        if answer is None:
            self.hold()
            self.ask("consent", messages.consent_reminder(self.lang))
            return
        if not answer:
            self.out.consent = ConsentStatus.refused
            self.out.discard_held = True
            self.ctx.clear()
            self.say(messages.consent_refused(self.lang))
            self.out.events.append(("consent", {"consent": "refused"}))
            self.move(S.closed)
            return
        self.out.consent = ConsentStatus.given
        self.out.release_held = True
        self.out.events.append(("consent", {"consent": "given"}))
        held = self.ctx.pop("held", [])
        self.ctx["need_safe"] = True
        self.ctx["await"] = None
        self.move(S.describe)
        for entry in held:
            if entry.get("t"):
                self.add_story(entry["t"], quiet=True)
            if entry.get("loc"):
                lat, lng, address = entry["loc"]
                self.take_location(lat, lng, address)
        if self.ctx.get("desc"):
            self.reclassify()
        self.next_question()

    # ---- the story and the questions
    def add_story(self, text: str, *, quiet: bool = False) -> bool:
        """Add a message to the story unless it is only a greeting; True if added."""
        if answers.is_greeting_only(text):
            return False
        desc = self.ctx.setdefault("desc", [])
        if len(desc) < MAX_DESC_MESSAGES:
            desc.append(text)
        return True

    def reclassify(self) -> None:
        story = " ".join(self.ctx.get("desc", []))
        if not story:
            return
        tri = self.describe(story)
        self.ctx["triage"] = triage_summary(tri)
        self.ctx["suggested"] = top_label(tri)
        ents = tri.entities
        if ents.phones and not self.ctx.get("phone"):
            self.ctx["phone_offer"] = list(dict.fromkeys(ents.phones))[:2]
        if ents.affected and not self.ctx.get("who"):
            self.ctx["who_auto"] = list(ents.affected)
        if not self.ctx.get("place") and not self.ctx.get("place_candidates") and ents.places:
            self.set_places([place_dict(p, "story") for p in ents.places], from_story=True)

    def set_places(self, found: list[dict[str, Any]], *, from_story: bool = False) -> None:
        if len(found) == 1:
            self.ctx["place"] = found[0]
            self.ctx.pop("place_candidates", None)
            self.out.events.append(("place", {"level": _level(found[0]), "source": found[0]["source"]}))
        elif found:
            self.ctx["place_candidates"] = found[:MAX_PLACE_CHOICES]

    def take_location(self, lat: float | None, lng: float | None, address: str | None) -> None:
        place: dict[str, Any] = {"lat": lat, "lng": lng, "text": (address or "")[:500] or None,
                                 "source": "location"}
        found = resolve_place_text(address, self.find_places) if address else []
        if len(found) >= 1:
            # A shared location is where the person is: the first (most specific) match of its
            # address wins rather than asking them to choose.
            place.update({k: v for k, v in place_dict(found[0], "location").items() if k != "source"})
        self.ctx["place"] = place
        self.ctx.pop("place_candidates", None)
        self.out.events.append(("place", {"level": _level(place), "source": "location"}))

    def take_story_or_answer(self) -> None:
        """A message that answers nothing: media, or more of the story."""
        if self.inbound.kind == "location":
            self.take_location(self.inbound.latitude, self.inbound.longitude, self.inbound.address)
            return
        if self.inbound.kind == "text" and self.text:
            if self.add_story(self.text):
                self.reclassify()
            return
        if self.inbound.media_path and not self.ctx.get("desc"):
            self.ctx["media_only"] = True

    def slots(self) -> None:
        awaiting = self.ctx.get("await")
        handled = False
        if self.emergency_message and awaiting not in (None, "describe"):
            # An urgent message is never read as an answer to "where?" or "which phone?".
            handled = False
        elif awaiting == "safe":
            handled = self.answer_safe()
        elif awaiting == "describe" and (self.payload == "skip:describe" or (
                self.inbound.kind == "text" and answers.is_skip(self.text))):
            # They would rather not say: go on to the topic list instead of insisting.
            self.ctx["desc_skipped"] = True
            self.ctx["await"] = "category_list"
            handled = True
        elif awaiting == "category":
            handled = self.answer_category()
        elif awaiting == "category_list":
            handled = self.answer_category_list()
        elif awaiting in ("place", "place_choice"):
            handled = self.answer_place(awaiting)
        elif awaiting == "phone":
            handled = self.answer_phone()
        elif awaiting == "who":
            handled = self.answer_who()
        if not handled:
            if self.inbound.kind == "postback":
                pass  # a button from an earlier question: re-ask what is on screen
            else:
                self.take_story_or_answer()
                if awaiting in ("safe",) and self.inbound.kind == "text" and self.ctx.get("desc"):
                    # They went straight to their story; do not hold it up with the safety question.
                    self.ctx["need_safe"] = False
                    self.ctx["safe_done"] = SKIPPED
            self.give_up_if_asked_enough(awaiting)
        elif self.ctx.get("place_miss") or self.ctx.get("phone_miss"):
            # An answer we could not use: after the second try, move on without it.
            if self.asked_enough(awaiting or ""):
                self.ctx.pop("place_miss", None)
                self.ctx.pop("phone_miss", None)
                self.give_up_if_asked_enough(awaiting)
        self.next_question()

    def give_up_if_asked_enough(self, awaiting: str | None) -> None:
        if awaiting in ("place", "place_choice") and self.asked_enough(awaiting):
            self.ctx["place"] = self.ctx.get("place") or {"source": SKIPPED, "text": self.ctx.get("place_text")}
            self.ctx.pop("place_candidates", None)
        elif awaiting == "phone" and self.asked_enough("phone"):
            self.ctx["phone"] = SKIPPED
        elif awaiting == "who" and self.asked_enough("who"):
            self.ctx["who"] = SKIPPED
        elif awaiting in ("category", "category_list") and self.asked_enough(awaiting):
            # They kept telling the story instead: go with the classifier's reading.
            self.ctx["category"] = self.ctx.get("suggested") or "other"
            self.ctx["category_confirmed"] = False

    def answer_safe(self) -> bool:
        if self.payload == "skip:safe" or (self.inbound.kind == "text" and answers.is_skip(self.text)):
            self.ctx["need_safe"] = False
            self.ctx["safe_done"] = SKIPPED
            return True
        if self.payload in ("safe:yes", "safe:no"):
            safe = self.payload == "safe:yes"
        else:
            k = answers.key(self.text)
            if k in answers.SAFE_NO or answers.is_no(self.text):
                safe = False
            elif k in answers.SAFE_YES or answers.is_yes(self.text):
                safe = True
            else:
                return False
        self.ctx["need_safe"] = False
        self.ctx["safe_done"] = "yes" if safe else "no"
        self.out.set_safe = True
        self.out.safe_to_contact = safe
        self.out.events.append(("safety", {"safe": safe}))
        if not safe:
            self.out.quiet = True
            self.say(messages.safe_no(self.lang))
        return True

    def answer_category(self) -> bool:
        cats = self.categories()
        suggested = self.ctx.get("suggested")
        if self.payload == "cat:confirm" or (self.inbound.kind == "text" and answers.is_yes(self.text)):
            return self.choose_category(suggested or "other")
        if self.payload == "cat:list" or (self.inbound.kind == "text" and answers.is_no(self.text)):
            self.ctx["await"] = "category_list"
            self.ask_category_list()
            return True
        return self.answer_category_list(cats)

    def answer_category_list(self, cats: dict[str, CategoryInfo] | None = None) -> bool:
        cats = cats or self.categories()
        if self.payload.startswith("cat:") and self.payload[4:] in cats:
            return self.choose_category(self.payload[4:])
        if self.payload == "skip:cat" or (self.inbound.kind == "text" and answers.is_skip(self.text)):
            self.ctx["category"] = self.ctx.get("suggested") or "other"
            self.ctx["category_confirmed"] = False
            return True
        if self.inbound.kind == "text":
            k = answers.key(self.text)
            for c in cats.values():
                names = {answers.key(c.name_th), answers.key(c.name_en), answers.key(c.key),
                         answers.key(messages.category_label(c.key, "th")),
                         answers.key(messages.category_label(c.key, "en"))}
                if k and k in names:
                    return self.choose_category(c.key)
        return False

    def choose_category(self, key: str) -> bool:
        suggested = self.ctx.get("suggested")
        self.ctx["category"] = key
        self.ctx["category_confirmed"] = True
        if suggested and key != suggested:
            self.out.correction = key
            self.ctx["corrected_from"] = suggested
            self.ctx["correction"] = key
        else:
            self.ctx.pop("correction", None)
            self.ctx.pop("corrected_from", None)
        self.out.events.append(("category", {"category": key, "suggested": suggested}))
        return True

    def answer_place(self, awaiting: str) -> bool:
        if self.inbound.kind == "location":
            self.take_location(self.inbound.latitude, self.inbound.longitude, self.inbound.address)
            return True
        if self.payload == "skip:place" or (self.inbound.kind == "text" and answers.is_skip(self.text)):
            self.ctx["place"] = {"source": SKIPPED, "text": self.ctx.get("place_text")}
            self.ctx.pop("place_candidates", None)
            self.out.events.append(("place", {"level": None, "source": SKIPPED}))
            return True
        candidates = self.ctx.get("place_candidates") or []
        if self.payload.startswith("place:"):
            chosen = next((c for c in candidates if place_payload(c) == self.payload), None)
            if chosen is None:
                codes = codes_from_payload(self.payload)
                if codes is None:
                    return False
                chosen = {**codes, "label": None}
            self.ctx["place"] = {**chosen, "source": "choice"}
            self.ctx.pop("place_candidates", None)
            self.out.events.append(("place", {"level": _level(chosen), "source": "choice"}))
            return True
        if self.inbound.kind != "text" or not self.text:
            return False
        if awaiting == "place_choice" and candidates:
            n = answers.choice_number(self.text, len(candidates))
            if n is not None:
                chosen = candidates[n - 1]
                self.ctx["place"] = {**chosen, "source": "choice"}
                self.ctx.pop("place_candidates", None)
                self.out.events.append(("place", {"level": _level(chosen), "source": "choice"}))
                return True
        found = resolve_place_text(self.text, self.find_places)
        if not found:
            # Kept as the person wrote it (a village, a landmark): a worker can read it.
            self.ctx["place_text"] = " ".join(filter(None, [self.ctx.get("place_text"), self.text]))[:500]
            self.ctx.pop("place_candidates", None)
            self.ctx["place_miss"] = True
            return True
        self.ctx.pop("place_miss", None)
        self.set_places([place_dict(p, "typed") for p in found])
        if self.ctx.get("place") and self.ctx.get("place_text"):
            self.ctx["place"]["text"] = self.ctx["place_text"]
        return True

    def answer_phone(self) -> bool:
        if self.payload.startswith("phone:"):
            number = answers.phone(self.payload[6:])
            if number:
                self.ctx["phone"] = number
                return True
            return False
        if self.payload == "skip:phone" or (self.inbound.kind == "text" and (
                answers.is_skip(self.text) or answers.is_no(self.text))):
            self.ctx["phone"] = SKIPPED
            self.out.events.append(("phone", {"given": False}))
            return True
        if self.inbound.kind != "text":
            return False
        number = answers.phone(self.text)
        if number:
            self.ctx["phone"] = number
            self.ctx.pop("phone_miss", None)
            self.out.events.append(("phone", {"given": True}))
            return True
        if any(ch.isdigit() for ch in self.text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))):
            self.ctx["phone_miss"] = True
            return True
        return False

    def answer_who(self) -> bool:
        if self.payload.startswith("who:"):
            self.ctx["who"] = self.payload[4:][:32]
            return True
        if self.payload == "skip:who" or (self.inbound.kind == "text" and answers.is_skip(self.text)):
            self.ctx["who"] = SKIPPED
            return True
        if self.inbound.kind == "text" and self.text:
            k = answers.key(self.text)
            for key, th, en in messages.WHO_CHOICES:
                if k in (answers.key(th), answers.key(en)):
                    self.ctx["who"] = key
                    return True
            # Any short answer is who it is about, in their own words; a long one is more story.
            if len(self.text) <= 60:
                self.ctx["who"] = "text"
                self.ctx["who_text"] = self.text
                return True
        return False

    def ask_category_list(self) -> None:
        pairs = [(c.key, c.name(self.lang)) for c in self.turn.categories]
        self.ask("category_list", messages.ask_category_list(self.lang, pairs))

    def next_question(self) -> None:
        """Ask for the first thing still missing, or finish."""
        ctx = self.ctx
        emergency = self.turn.case_emergency
        if ctx.get("need_safe") and not ctx.get("safe_done"):
            self.ask("safe", messages.ask_safe(self.lang))
            return
        ctx["need_safe"] = False
        if not ctx.get("desc") and not self.turn.has_case and not ctx.get("desc_skipped"):
            if ctx.pop("media_only", False):
                self.ask("describe", messages.media_received(self.lang), "media")
            else:
                self.ask("describe", messages.ask_describe(self.lang))
            self.move(S.describe)
            return
        self.move(S.case_opened if self.turn.has_case else S.clarify)
        if not emergency and not ctx.get("category"):
            if ctx.get("await") == "category_list":
                self.ask_category_list()
                return
            cats = self.categories()
            suggested = ctx.get("suggested")
            if suggested not in cats:
                self.ask_category_list()
                return
            scores = (ctx.get("triage") or {}).get("scores", {})
            alternatives = [k for k in sorted(scores, key=scores.get, reverse=True)
                            if k != suggested and k in cats and k != "other" and scores[k] >= 0.2][:2]
            self.ask("category", messages.ask_category(
                self.lang, suggested, cats[suggested].name(self.lang),
                [(k, cats[k].name(self.lang)) for k in alternatives]), suggested)
            return
        if not ctx.get("place"):
            candidates = ctx.get("place_candidates")
            if candidates:
                triples = [(place_payload(c), c.get("label") or place_payload(c), place_short(c))
                           for c in candidates]
                self.ask("place_choice", messages.ask_place_choice(self.lang, triples),
                         ",".join(t[0] for t in triples))
            elif ctx.pop("place_miss", False):
                self.ask("place", messages.place_not_found(self.lang), "miss")
            else:
                self.ask("place", messages.ask_place(self.lang, urgent=emergency))
            return
        if not ctx.get("phone"):
            if ctx.pop("phone_miss", False):
                self.ask("phone", messages.phone_invalid(self.lang), "miss")
            else:
                self.ask("phone", messages.ask_phone(self.lang, ctx.get("phone_offer") or []))
            return
        if not emergency and not ctx.get("who") and not ctx.get("who_auto"):
            self.ask("who", messages.ask_who(self.lang))
            return
        ctx["await"] = None
        ctx["ack_at"] = self.turn.now.isoformat()
        self.out.finish = True
        self.say(CASE_CARD)
        self.move(S.waiting_human)

    # ---- after the case is open
    def waiting(self) -> None:
        if self.inbound.kind == "location":
            self.take_location(self.inbound.latitude, self.inbound.longitude, self.inbound.address)
            self.out.finish = True  # flows updates the open case with the new place
        since = _seconds_since(self.ctx.get("ack_at"), self.turn.now)
        if since is None or since >= ACK_REPEAT_SECONDS:
            self.ctx["ack_at"] = self.turn.now.isoformat()
            self.say(WAITING_ACK)


def _level(place: dict[str, Any]) -> str | None:
    if place.get("s"):
        return "subdistrict"
    if place.get("d"):
        return "district"
    if place.get("p"):
        return "province"
    return None


def decide(turn: Turn, inbound: Inbound, triage: Any, *, describe: Describe,
           find_places: FindPlaces) -> Outcome:
    """The next state, replies and effects for one inbound event (see the module docstring)."""
    return _Run(turn, inbound, triage, describe, find_places).run()
