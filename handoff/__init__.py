"""The social-worker side: sign-in, queue, takeover and live relay, referrals, callbacks,
follow-ups, SLA alerts, and the console pages.

May import: intake/, bots/, nlp/. Never saiduan/; settings, sessions and the live-update broker
are passed in.
"""
