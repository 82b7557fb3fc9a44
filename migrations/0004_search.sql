-- qantara schema, version 4: the full-text index of the translation memory.

-- One row per bead: the search form of each side's text (lower case, no accents or Arabic
-- diacritics, one spelling of alef, yeh and teh marbuta, ASCII digits; see
-- src/tm/words.rs), and the languages. The rowid is alignment id * 2^24 + bead position.
-- Alignments are indexed by `search` and `lookup` when first needed.
CREATE VIRTUAL TABLE tm_search USING fts5(
    source, target, source_lang UNINDEXED, target_lang UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
-- How many index rows hold each term: lookup asks for the rarest words first.
CREATE VIRTUAL TABLE tm_search_terms USING fts5vocab(tm_search, 'row');
-- The alignments the index holds.
CREATE TABLE tm_search_alignments (alignment_id INTEGER PRIMARY KEY);

-- An alignment deleted (replaced, or with its documents) leaves the index at once.
CREATE TRIGGER alignments_leave_search AFTER DELETE ON alignments BEGIN
    DELETE FROM tm_search WHERE rowid BETWEEN old.id * 16777216 AND old.id * 16777216 + 16777215;
    DELETE FROM tm_search_alignments WHERE alignment_id = old.id;
END;
