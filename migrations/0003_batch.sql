-- qantara schema, version 3: batch runs.

-- The hash of the settings an alignment was made with (options, languages, abbreviation
-- lists, dictionaries): two alignments of the same texts with the same hash are the same.
-- NULL for alignments stored before version 3.
ALTER TABLE alignments ADD COLUMN settings_hash TEXT;
CREATE INDEX alignments_by_settings ON alignments (settings_hash);

-- The outcome of each document pair a batch run took on: aligned, or failed and why.
-- A later run's outcome for the same files and settings replaces the earlier one.
CREATE TABLE batch_pairs (
    id            INTEGER PRIMARY KEY,
    pair          TEXT    NOT NULL,               -- the manifest's id, or the source file's name
    source_path   TEXT    NOT NULL,               -- as the manifest or folder gave it
    target_path   TEXT    NOT NULL,
    settings_hash TEXT    NOT NULL,               -- the run's settings, as in alignments
    status        TEXT    NOT NULL CHECK (status IN ('aligned', 'failed')),
    error         TEXT,                           -- why the pair failed
    alignment_id  INTEGER REFERENCES alignments (id) ON DELETE SET NULL,
    updated_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (source_path, target_path, settings_hash)
);
CREATE INDEX batch_pairs_by_status ON batch_pairs (status);
CREATE INDEX batch_pairs_by_alignment ON batch_pairs (alignment_id);

-- Deleting an alignment (re-aligning a pair with --force) finds its learned word pairs
-- through this index instead of reading the whole lexicon.
CREATE INDEX lexicon_by_alignment ON lexicon (alignment_id);
