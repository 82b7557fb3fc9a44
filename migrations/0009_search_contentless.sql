-- qantara schema, version 9: the full-text index holds no copy of the text.
--
-- Version 4's index kept each bead's search form and languages a second time, as FTS5
-- content beside the index: 46 MB of text and 87 MB of table for 182,000 beads of
-- Text+Berg, against 36 MB for the index alone. Search and lookup read only its rowids
-- and ranks (the texts come from `segments`, the languages from `documents`), so the
-- table is contentless; `contentless_delete` keeps deleting rows possible, for the
-- trigger that takes a deleted alignment out and for a reviewed alignment indexed again.
-- The index is rebuilt from the stored alignments by the first `search` or `lookup`.

DROP TABLE tm_search;
CREATE VIRTUAL TABLE tm_search USING fts5(
    source, target,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
DELETE FROM tm_search_alignments;
