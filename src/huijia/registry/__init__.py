"""The missing-children registry, the whole feature in one place.

Pure (no store, no I/O): `records` (parsing and checking reports and sightings), `ranking` (candidates by
face, age, sex, distance and time), `alerts` (who is due an alert as a case's ring grows).
Workflows over the store: `intake` (import, export, faces of the photos), `search` (ranked candidates),
`gallery` (the face galleries and their vector index), `review` (statuses and marks), `links` (the
detection queue taken into the registry), `outbox` (alerts queued and delivered with retries), `notify`
(e-mail and webhooks).
"""
