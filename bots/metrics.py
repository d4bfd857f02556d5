"""Prometheus metrics of the channels: module-level so every instance exports the same names."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

INBOX_EVENTS = Counter(
    "saiduan_inbox_events_total",
    "Webhook events by outcome: received (stored), duplicate (already stored), rejected, ignored",
    ["channel", "outcome"],
)
INBOX_PROCESSED = Counter(
    "saiduan_inbox_processed_total", "Inbox events by processing outcome: done, retried, failed",
    ["channel", "outcome"],
)
INBOX_LATENCY = Histogram(
    "saiduan_inbox_processing_seconds", "From webhook receipt to the handler's commit",
    ["channel"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300),
)
OUTBOX_MESSAGES = Counter(
    "saiduan_outbox_messages_total", "Outgoing messages by outcome: sent, retried, dead",
    ["channel", "outcome"],
)
OUTBOX_LATENCY = Histogram(
    "saiduan_outbox_delivery_seconds", "From enqueue to the platform's acceptance",
    ["channel"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300),
)
