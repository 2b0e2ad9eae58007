"""The tables of the case store (SQLAlchemy Core): what the queries are written against. The Alembic
migrations build and change the database step by step; a test compares a migrated database with these
tables by Alembic's own comparison (what autogenerate would write), on SQLite and PostgreSQL, so the two
cannot drift apart.

Chain of custody: every source file is recorded with its SHA-256, and every place a message was seen —
file, line, byte offset, the reader's id — is an `occurrence`. A message is stored once however many
overlapping exports contain it (`messages.key`, see `message_key`).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("format", sa.String(32), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ingested_by", sa.String(128), nullable=False),
    # reading → complete; a source left at `reading` (a crash, kill -9) is read again and completed
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("messages_seen", sa.Integer, nullable=False, server_default="0"),
    sa.Column("records_skipped", sa.Integer, nullable=False, server_default="0"),
)

messages = sa.Table(
    "messages",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("channel", sa.Text),
    sa.Column("author_name", sa.Text),
    sa.Column("author_handle", sa.Text),
    sa.Column("sent_at", sa.String(40)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("reply_to", sa.Text),
    sa.Column("attachments", sa.JSON, nullable=False),
    sa.Index("ix_messages_channel_sent", "channel", "sent_at"),
    sa.Index("ix_messages_author", "author_handle"),
)

occurrences = sa.Table(
    "occurrences",
    metadata,
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("reader_id", sa.Text, primary_key=True),
    sa.Column(
        "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("line", sa.Integer),
    sa.Column("byte_offset", sa.BigInteger),
    sa.Index("ix_occurrences_message", "message_key"),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column(
        "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("label", sa.String(24), nullable=False),
    sa.Column("risk", sa.Float, nullable=False),
    sa.Column("role", sa.String(24)),
    sa.Column("facts", sa.JSON, nullable=False),  # child, price, places, contacts
    sa.Column("indicators", sa.JSON, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("model", sa.String(96), nullable=False),
    sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
    # a bare bid ("有", "我要") raised into the queue by the flagged offer it answers: that offer's key
    sa.Column("raised_by", sa.String(32)),
    sa.Index("ix_findings_label_risk", "label", "risk"),
    sa.Index("ix_findings_risk", "risk"),  # the queue's order: walked from the top, one page at a time
)

# Photos attached to messages that reached the review queue (and the photo-only messages their authors
# sent around them): a clean copy each, without metadata (huijia.media.safe), keyed by the SHA-256 of
# the original bytes as they were in the export. Other photos are not copied: least data.
media = sa.Table(
    "media",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("mime", sa.String(32), nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("original_format", sa.String(8), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("pdq", sa.String(64)),  # PDQ hash, ThreatExchange hex form (migration 0006)
    sa.Column("pdq_quality", sa.Integer),
    # the photo's print (huijia.media.photoprint: PDQ's dihedral variants and crop-tolerant windows) for
    # photo reuse and the banks (migration 0014); NULL for photos stored before it (relink fills it)
    sa.Column("photo_print", sa.Text),
    sa.Index("ix_media_pdq", "pdq"),
)

message_media = sa.Table(
    "message_media",
    metadata,
    sa.Column(
        "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("position", sa.Integer, primary_key=True),  # index in the message's attachment list
    sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), nullable=False),
    sa.Index("ix_message_media_sha256", "media_sha256"),
)

# The missing-children registry (migration 0007). `family_contact` is protected: only registrars and
# admins see it, and exporting it is audited.
registry_reports = sa.Table(
    "registry_reports",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("sex", sa.String(8)),
    sa.Column("born", sa.String(10)),
    sa.Column("lost_at", sa.String(40), nullable=False),
    sa.Column("lost_place", sa.Text),
    sa.Column("lost_lat", sa.Float),
    sa.Column("lost_lon", sa.Float),
    sa.Column("height_cm", sa.Float),
    sa.Column("weight_kg", sa.Float),
    sa.Column("marks", sa.Text),
    sa.Column("dna_given", sa.Boolean),
    sa.Column("family_contact", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    # migration 0009: the missing-child notice a draft was made from; when a registrar verified it
    sa.Column("source_message_key", sa.String(32)),
    sa.Column("verified_at", sa.DateTime(timezone=True)),
    sa.Index("ix_registry_reports_source", "source_message_key"),
)

registry_sightings = sa.Table(
    "registry_sightings",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("seen_at", sa.String(40), nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("sex", sa.String(8)),
    sa.Column("age_estimate", sa.Float),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("gps_consent", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(64)),  # None: the public form
    # migration 0009: the flagged post whose photo this is; how to reach a public submitter (protected)
    sa.Column("source_message_key", sa.String(32)),
    sa.Column("submitter_contact", sa.Text),
    sa.Index("ix_registry_sightings_source", "source_message_key"),
)

# Every status change of a report or sighting, with the registrar's reason (migration 0009).
registry_status_log = sa.Table(
    "registry_status_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner_kind", sa.String(8), nullable=False),
    sa.Column("owner_id", sa.String(36), nullable=False),
    sa.Column("old_status", sa.String(16), nullable=False),
    sa.Column("new_status", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_registry_status_log_owner", "owner_kind", "owner_id"),
)

# A reviewer's mark on one candidate of a sighting; the newest per pair counts, older ones stay.
registry_marks = sa.Table(
    "registry_marks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sighting_id", sa.String(36), nullable=False),
    sa.Column("report_id", sa.String(36), nullable=False),
    sa.Column("mark", sa.String(16), nullable=False),  # not_match | possible | dna_check
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_registry_marks_pair", "sighting_id", "report_id"),
)

# Who is alerted about verified fresh cases near them (volunteers, stations, partner apps), and the
# outbox: one row per (case, subscriber) under the alert's stable key, so nothing is sent twice.
alert_subscribers = sa.Table(
    "alert_subscribers",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("channel", sa.String(8), nullable=False),  # email | webhook
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("secret", sa.String(64)),  # webhooks: the HMAC key that signs each delivery
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
)

alert_outbox = sa.Table(
    "alert_outbox",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("report_id", sa.String(36), nullable=False),
    sa.Column("subscriber_id", sa.String(36), nullable=False),
    sa.Column("km", sa.Float, nullable=False),
    sa.Column("ring_km", sa.Float, nullable=False),
    sa.Column("status", sa.String(8), nullable=False),  # pending | sent | failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_error", sa.Text),  # the kind of failure, never the message
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Index("ix_alert_outbox_due", "status", "next_attempt_at"),
    sa.Index("ix_alert_outbox_report", "report_id"),
)

# Photos of reports (the child at several ages, parents, siblings) and of sightings (migration 0008),
# and the face vectors of stored photos: one row per face, the backend version that made it.
registry_photos = sa.Table(
    "registry_photos",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("owner_kind", sa.String(8), nullable=False),  # report | sighting
    sa.Column("owner_id", sa.String(36), nullable=False),
    sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), nullable=False),
    sa.Column("relation", sa.String(8), nullable=False),  # child | mother | father | sibling
    sa.Column("age_years", sa.Float),  # the child's age in the photo, when known
    sa.Index("ix_registry_photos_owner", "owner_kind", "owner_id"),
)

face_vectors = sa.Table(
    "face_vectors",
    metadata,
    sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), primary_key=True),
    sa.Column("face", sa.Integer, primary_key=True),  # 0 = the largest face
    sa.Column("backend", sa.String(96), primary_key=True),  # widened in migration 0010
    sa.Column("box", sa.JSON, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("quality_ok", sa.Boolean, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float32, L2-normalised
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
    # two-factor sign-in: the TOTP secret (base32), and the SHA-256 of each unused recovery code (JSON)
    sa.Column("totp_secret", sa.String(64)),
    sa.Column("recovery_codes", sa.Text),
)

# Server-side sessions: the cookie carries a random token; only its SHA-256 is stored. A session ends at
# logout, when its user's password, role or standing changes, when an admin ends it, or 8 hours after it
# began. `stage` is `full`, or `second` while the password is right and the TOTP code still due.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("stage", sa.String(8), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True)),
    sa.Column("ended_why", sa.String(32)),
    sa.Index("ix_sessions_user", "user_id"),
)

# Rate limits shared by every worker: one row per counted event (a failed login for an account or an
# address, a public sighting), read back over a sliding window and pruned when old.
rate_events = sa.Table(
    "rate_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(160), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_rate_events_key_at", "key", "at"),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),  # confirm | dismiss | escalate | refer
    sa.Column("label", sa.String(24), nullable=False),  # the reviewer's label: a training example
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_decisions_message", "message_key"),
)

# Append-only. Each entry's hash covers the previous entry's hash, so changing or removing an entry
# breaks every later hash (see huijia.store.audit.verify_chain). Never message text or personal data.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),  # ISO 8601 UTC, stored as text so it hashes the same
    sa.Column("actor", sa.String(64)),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("target", sa.Text),
    sa.Column("detail", sa.Text, nullable=False),  # canonical JSON
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    # HMAC-SHA256 of `hash` under the installation's audit key (outside the database); NULL for entries
    # written before seals, or by code that was not given the key
    sa.Column("seal", sa.String(64)),
)

# Links between posts (migration 0013; huijia.link, huijia.store.links). What the link stage needs of
# each message is kept as it is stored, so that a scan's linking reads these small rows, never the texts:
# the contacts in its text (normalised), the MinHash signature of a post the analyser's gate examined
# (128 × uint32, little-endian), and what it says of its group (cues). `version` names the rules that made
# a row; `huijia relink` rebuilds every row with the current ones.
link_features = sa.Table(
    "link_features",
    metadata,
    sa.Column(
        "message_key", sa.String(32), sa.ForeignKey("messages.key", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("contacts", sa.JSON, nullable=False),  # [[kind, value], …]
    sa.Column("signature", sa.LargeBinary),
    sa.Column("cues", sa.JSON, nullable=False),
    sa.Column("version", sa.String(64), nullable=False),
)

# Actors, template clusters and reused photos as the last linking found them: the record `huijia link`
# writes (`body`), and its messages, so that a message's links are one indexed lookup.
link_sets = sa.Table(
    "link_sets",
    metadata,
    sa.Column("id", sa.String(48), primary_key=True),  # actor:…, cluster:…, photo:…
    sa.Column("kind", sa.String(16), nullable=False),  # actor | cluster | photo_reuse
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
)
link_members = sa.Table(
    "link_members",
    metadata,
    sa.Column("set_id", sa.String(48), sa.ForeignKey("link_sets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("message_key", sa.String(32), primary_key=True),
    sa.Index("ix_link_members_message", "message_key"),
)
link_groups = sa.Table(
    "link_groups",
    metadata,
    sa.Column("channel", sa.Text, primary_key=True),
    sa.Column("risk", sa.Float, nullable=False),
    sa.Column("recommendation", sa.String(16), nullable=False),
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_link_groups_risk", "risk"),
)

# Photo banks, as Meta's Hasher-Matcher-Actioner keeps them (migration 0014): a photo confirmed in a case
# (`case`) is matched against every stored and future photo; a photo marked harmless (`harmless`: a stock
# baby picture, a shop's logo) stops linking anyone. Entries are never deleted: removing one records who
# and when, and every change is audited.
photo_banks = sa.Table(
    "photo_banks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("bank", sa.String(16), nullable=False),  # case | harmless
    sa.Column("media_sha256", sa.String(64), sa.ForeignKey("media.sha256"), nullable=False),
    sa.Column("photo_print", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("added_by", sa.String(64), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("removed_by", sa.String(64)),
    sa.Column("removed_at", sa.DateTime(timezone=True)),
    sa.Column("removed_reason", sa.Text),
    sa.Index("ix_photo_banks_media", "media_sha256"),
)
