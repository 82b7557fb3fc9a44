-- qantara schema, version 6: each imported dictionary keeps its own entries.
--
-- Until version 5 an entry found in two dictionaries was stored once, under the first:
-- removing that dictionary took the entry from the second too. Entries are now unique
-- within a dictionary; the aligner reads each pair of words once, whatever the
-- dictionaries that hold it.

DROP INDEX IF EXISTS lexicon_dictionary_entries;
CREATE UNIQUE INDEX IF NOT EXISTS lexicon_dictionary_entries
    ON lexicon (dictionary, source_lang, target_lang, source, target)
    WHERE origin = 'dictionary';
CREATE INDEX IF NOT EXISTS lexicon_by_dictionary ON lexicon (dictionary) WHERE dictionary IS NOT NULL;
