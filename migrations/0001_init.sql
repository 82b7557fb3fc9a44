-- qantara schema, version 1: documents, their sentences, alignments and beads.
-- Documented in docs/schema.md; the names here are part of qantara's interface.

-- One imported text.
CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    path            TEXT    NOT NULL,              -- the path the text was read from, as given
    lang            TEXT    NOT NULL,              -- language code, e.g. 'ar', 'en'
    content_hash    TEXT    NOT NULL,              -- SHA-256 of the decoded text, hex
    segmentation    TEXT    NOT NULL,              -- 'rules' (running text) or 'lines' (one sentence a line)
    paragraph_count INTEGER NOT NULL,
    sentence_count  INTEGER NOT NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (content_hash, lang, segmentation)
);

-- One sentence of a document.
CREATE TABLE segments (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,                  -- 0-based index of the sentence in its document
    paragraph   INTEGER NOT NULL,                  -- 0-based paragraph number
    start_byte  INTEGER NOT NULL,                  -- byte offsets into the decoded text
    end_byte    INTEGER NOT NULL,
    char_length INTEGER NOT NULL,                  -- length as the aligner measures it
    text        TEXT    NOT NULL,
    PRIMARY KEY (document_id, position)
) WITHOUT ROWID;

-- One aligned document pair.
CREATE TABLE alignments (
    id                 INTEGER PRIMARY KEY,
    source_document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    target_document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    method             TEXT    NOT NULL,           -- e.g. 'gale-church'
    parameters         TEXT    NOT NULL,           -- JSON: the settings and the estimated model
    score              REAL    NOT NULL,           -- mean bead confidence
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX alignments_by_documents ON alignments (source_document_id, target_document_id);

-- One link of an alignment: source positions [source_start, source_end) translate
-- target positions [target_start, target_end); either range may be empty.
CREATE TABLE beads (
    alignment_id INTEGER NOT NULL REFERENCES alignments (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,                 -- 0-based index of the bead in its alignment
    source_start INTEGER NOT NULL,
    source_end   INTEGER NOT NULL,
    target_start INTEGER NOT NULL,
    target_end   INTEGER NOT NULL,
    confidence   REAL    NOT NULL,                 -- probability in [0, 1] that the bead is right
    PRIMARY KEY (alignment_id, position)
) WITHOUT ROWID;

-- The translation memory: one row per bead, with the text of both sides (sentences
-- joined by a space; NULL for an empty side) and their languages.
CREATE VIEW translation_units AS
SELECT
    b.alignment_id,
    b.position AS bead,
    (b.source_end - b.source_start) || '-' || (b.target_end - b.target_start) AS kind,
    sd.lang AS source_lang,
    td.lang AS target_lang,
    (SELECT group_concat(text, ' ') FROM (
        SELECT s.text FROM segments s
        WHERE s.document_id = a.source_document_id
          AND s.position >= b.source_start AND s.position < b.source_end
        ORDER BY s.position)) AS source_text,
    (SELECT group_concat(text, ' ') FROM (
        SELECT s.text FROM segments s
        WHERE s.document_id = a.target_document_id
          AND s.position >= b.target_start AND s.position < b.target_end
        ORDER BY s.position)) AS target_text,
    b.confidence,
    sd.path AS source_path,
    td.path AS target_path
FROM beads b
JOIN alignments a ON a.id = b.alignment_id
JOIN documents sd ON sd.id = a.source_document_id
JOIN documents td ON td.id = a.target_document_id;
