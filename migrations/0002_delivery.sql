-- Delivery state per event (NULL when no DELIVERY_URL was configured at ingest: only stored).
-- unqueued: stored, but the queue refused it (handed on again by a redelivery or redeliver).
ALTER TABLE events ADD COLUMN delivery_state TEXT
  CHECK (delivery_state IN ('unqueued', 'pending', 'retrying', 'delivered', 'dead'));
ALTER TABLE events ADD COLUMN delivery_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN delivery_last_status INTEGER;
ALTER TABLE events ADD COLUMN delivery_last_error TEXT;
ALTER TABLE events ADD COLUMN delivery_first_attempt_ms INTEGER;
ALTER TABLE events ADD COLUMN delivery_next_attempt_at TEXT;
ALTER TABLE events ADD COLUMN delivery_updated_at TEXT;
ALTER TABLE events ADD COLUMN delivered_at TEXT;
CREATE INDEX IF NOT EXISTS events_by_delivery ON events (delivery_state, seq);
