-- Integrity: documents too large for a D1 row live in R2 (blob_key points at them), the content
-- digest of each event (a repeated id with other content is a conflict, kept), refusals kept
-- in the quarantine, tombstones of purged ids, and a keyed-hash index of phone numbers so that
-- erasing one person's data needs no scan.
ALTER TABLE events ADD COLUMN digest TEXT;
ALTER TABLE events ADD COLUMN blob_key TEXT;
ALTER TABLE events ADD COLUMN phone_keys TEXT;
CREATE INDEX IF NOT EXISTS events_by_received ON events (received_at);
-- Each redeliver starts a new round; a try of an older round records nothing.
ALTER TABLE events ADD COLUMN delivery_round INTEGER NOT NULL DEFAULT 0;

-- Why a body is kept: invalid (could not be normalized), too_large (413) or
-- unsupported_media_type (415); the last two keep the first 64 KiB, the size and the SHA-256.
ALTER TABLE quarantine ADD COLUMN reason TEXT NOT NULL DEFAULT 'invalid'
  CHECK (reason IN ('invalid', 'too_large', 'unsupported_media_type'));
ALTER TABLE quarantine ADD COLUMN body_bytes INTEGER;
ALTER TABLE quarantine ADD COLUMN body_sha256 TEXT;
ALTER TABLE quarantine ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
ALTER TABLE quarantine ADD COLUMN headers TEXT;
ALTER TABLE quarantine ADD COLUMN blob_key TEXT;
ALTER TABLE quarantine ADD COLUMN phone_keys TEXT;
CREATE INDEX IF NOT EXISTS quarantine_by_received ON quarantine (received_at);

-- A second event under an id already stored with other content: both are kept.
CREATE TABLE IF NOT EXISTS conflicts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  digest TEXT NOT NULL,
  received_at TEXT NOT NULL,
  event TEXT NOT NULL,
  blob_key TEXT,
  phone_keys TEXT,
  UNIQUE (id, digest)
);

-- Ids of purged events: a late redelivery is answered as a duplicate, not stored again.
CREATE TABLE IF NOT EXISTS tombstones (
  id TEXT PRIMARY KEY,
  purged_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tombstones_by_age ON tombstones (purged_at);

-- Keyed hashes of the phone numbers in each stored row, filled by triggers from phone_keys
-- (a JSON array), so the ingest path stays one write.
CREATE TABLE IF NOT EXISTS phone_index (
  key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('event', 'quarantine', 'conflict')),
  ref TEXT NOT NULL,
  PRIMARY KEY (key, kind, ref)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS phone_index_by_ref ON phone_index (kind, ref);

CREATE TRIGGER IF NOT EXISTS events_phones_in AFTER INSERT ON events
WHEN NEW.phone_keys IS NOT NULL BEGIN
  INSERT OR IGNORE INTO phone_index (key, kind, ref)
  SELECT value, 'event', NEW.id FROM json_each(NEW.phone_keys);
END;
CREATE TRIGGER IF NOT EXISTS events_phones_out AFTER DELETE ON events BEGIN
  DELETE FROM phone_index WHERE kind = 'event' AND ref = OLD.id;
END;
CREATE TRIGGER IF NOT EXISTS quarantine_phones_in AFTER INSERT ON quarantine
WHEN NEW.phone_keys IS NOT NULL BEGIN
  INSERT OR IGNORE INTO phone_index (key, kind, ref)
  SELECT value, 'quarantine', NEW.id FROM json_each(NEW.phone_keys);
END;
CREATE TRIGGER IF NOT EXISTS quarantine_phones_out AFTER DELETE ON quarantine BEGIN
  DELETE FROM phone_index WHERE kind = 'quarantine' AND ref = OLD.id;
END;
CREATE TRIGGER IF NOT EXISTS conflicts_phones_in AFTER INSERT ON conflicts
WHEN NEW.phone_keys IS NOT NULL BEGIN
  INSERT OR IGNORE INTO phone_index (key, kind, ref)
  SELECT value, 'conflict', CAST(NEW.seq AS TEXT) FROM json_each(NEW.phone_keys);
END;
CREATE TRIGGER IF NOT EXISTS conflicts_phones_out AFTER DELETE ON conflicts BEGIN
  DELETE FROM phone_index WHERE kind = 'conflict' AND ref = CAST(OLD.seq AS TEXT);
END;
