-- Accepted events (one row per event id: a redelivered webhook is stored once) and the
-- quarantine of bodies that could not be normalized (raw body and issues, for replay).
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  vendor TEXT NOT NULL,
  kind TEXT NOT NULL,
  call_id TEXT,
  occurred_at TEXT,
  received_at TEXT NOT NULL,
  event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_call ON events (call_id, seq);
CREATE INDEX IF NOT EXISTS events_by_vendor_kind ON events (vendor, kind, seq);

CREATE TABLE IF NOT EXISTS quarantine (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  route_vendor TEXT,
  content_type TEXT,
  received_at TEXT NOT NULL,
  issues TEXT NOT NULL,
  body BLOB NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed')),
  event_id TEXT,
  replayed_at TEXT
);

-- Mappings for user-designed bodies (Callab templates), editable without a redeploy.
CREATE TABLE IF NOT EXISTS mappings (
  vendor TEXT PRIMARY KEY,
  mapping TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
