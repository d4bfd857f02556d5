"""Channel adapters: LINE, Messenger, Telegram and the web chat, plus the inbox and outbox.

Owns: verifying and parsing webhooks into channel-neutral `bots.events.InboundEvent`s, the
durable inbox (deduplicated by platform event id) and its processing loop, rendering
`OutgoingMessage`s per channel, and the durable outbox with retries and idempotency keys.
Also the shared column types (`bots.sqltypes`), as the lowest layer that stores rows.

May import: third-party libraries only. Nothing of the project (not nlp/, intake/, handoff/,
saiduan/); what it needs (settings, sessions, the inbound handler) is passed in.
"""
