-- qantara schema, version 8: a reviewer's corrections of an alignment, kept revision by
-- revision.
--
-- `beads` holds the alignment as it stands; each edit made in `qantara review` writes
-- the new bead list there and records it here, with what the edit was. The aligner's own
-- output is revision 0, kept when the first edit is made; undoing an edit records the
-- revision it restores. An alignment edited so has method 'reviewed'.

CREATE TABLE IF NOT EXISTS alignment_revisions (
    alignment_id INTEGER NOT NULL REFERENCES alignments (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,                 -- 0: the aligner's output; then one per edit
    method       TEXT    NOT NULL,                 -- the aligner's method for revision 0, else 'reviewed'
    edit         TEXT,                             -- what the edit was, e.g. 'join 3 with 4'; NULL for revision 0
    restores     INTEGER,                          -- for an undo: the revision whose beads it restores
    beads        TEXT    NOT NULL,                 -- JSON: [[source_start, source_end, target_start, target_end, confidence], ...]
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (alignment_id, revision)
) WITHOUT ROWID;
