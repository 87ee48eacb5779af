-- The language a person chose for reading a document's scans (issue 22: Retry with a
-- language). Null means "find each page's language" (the default). Kept on the document, not
-- on one OCR job, so a later run of the same request (a recovery after a crash) reads it the
-- same way; a plain Retry sets it back to null. Private: browsers see the result (`language`).
alter table public.documents add column ocr_language text
  check (ocr_language is null or ocr_language ~ '^[a-z]{2}$');

comment on column public.documents.ocr_language is
  'ISO 639-1 code of the language a person chose for reading the scans (Retry with a '
  'language); null: each page''s language is detected.';
