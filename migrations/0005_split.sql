-- qantara schema, version 5: a document's identity includes how it was split.
--
-- The same text split two ways (another abbreviation list, other rules, another qantara)
-- is two documents: beads index sentences, so an alignment must never be read against
-- sentences it was not made on. `split_hash` is the SHA-256 of the sentences' paragraph
-- numbers, byte offsets and texts; qantara fills it for documents stored before version
-- 5 while upgrading. SQLite cannot change a UNIQUE constraint in place, so the table is
-- rebuilt as its documentation says (foreign keys off during the upgrade), and the view
-- that reads it is made again, unchanged.

DROP VIEW translation_units;

CREATE TABLE documents_upgraded (
    id              INTEGER PRIMARY KEY,
    path            TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    content_hash    TEXT    NOT NULL,
    segmentation    TEXT    NOT NULL,
    paragraph_count INTEGER NOT NULL,
    sentence_count  INTEGER NOT NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    split_hash      TEXT    NOT NULL DEFAULT '',   -- SHA-256 of the sentence boundaries and texts, hex
    UNIQUE (content_hash, lang, segmentation, split_hash)
);
INSERT INTO documents_upgraded
       (id, path, lang, content_hash, segmentation, paragraph_count, sentence_count, created_at)
SELECT id, path, lang, content_hash, segmentation, paragraph_count, sentence_count, created_at
FROM documents;
DROP TABLE documents;
ALTER TABLE documents_upgraded RENAME TO documents;

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
