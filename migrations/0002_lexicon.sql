-- qantara schema, version 2: word translations.

-- One word pair: from a dictionary the user imported, or learned from an alignment.
-- Dictionary entries are stored as written; learned pairs as the stems the aligner used.
CREATE TABLE lexicon (
    id           INTEGER PRIMARY KEY,
    source_lang  TEXT    NOT NULL,
    target_lang  TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    weight       REAL    NOT NULL,                 -- association in the text (G²); 1 for dictionary entries
    origin       TEXT    NOT NULL,                 -- 'dictionary' or 'learned'
    dictionary   TEXT,                             -- the imported file, for dictionary entries
    alignment_id INTEGER REFERENCES alignments (id) ON DELETE CASCADE, -- for learned pairs
    created_at   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX lexicon_dictionary_entries ON lexicon (source_lang, target_lang, source, target)
    WHERE origin = 'dictionary';
CREATE INDEX lexicon_by_languages ON lexicon (source_lang, target_lang, origin);
