-- qantara schema, version 7: each document records the format it was read from.
--
-- qantara reads documents in their own formats (DOCX, ODT, HTML, Markdown, XLIFF, PDF)
-- as well as plain text; what was stored before read plain text, or a TMX file.

ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
UPDATE documents SET format = 'tmx' WHERE segmentation = 'tmx';
