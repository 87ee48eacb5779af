-- A document that shares another's OCR result (`documents.content_of`) is searched by that
-- text; its search row (`document_search.text_vector`) was parsed when it was inserted and never
-- again. When the shared result changes (its root read again in a chosen language, which the
-- copies then show too; a root's result handed to an heir on delete), the copies kept the old
-- words: a search found a copy by text it no longer shows, and missed it by the new text.
--
-- The trigger now hands the root's freshly parsed text vector to every document reading it
-- (a copy, not a parse per copy: 50 re-uploads of a long scan cost one parse), and refreshes
-- their rows (title, tags, summary, and the cheap rank vector).

create or replace function public.ocr_results_search_trigger() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
declare
  reader uuid;
begin
  perform public.refresh_document_search(new.document_id, true);
  update public.document_search s set text_vector = r.text_vector
    from public.document_search r
   where r.document_id = new.document_id
     and s.document_id in (select d.id from public.documents d where d.content_of = new.document_id);
  for reader in select d.id from public.documents d where d.content_of = new.document_id loop
    perform public.refresh_document_search(reader, false);
  end loop;
  return null;
end
$$;

-- A copy inserted reading another's text has something to index at once, even without a title,
-- tags or summary (its original's metadata failed or is still pending): it used to get its
-- text by an ocr_results insert of its own, which a copy no longer has, so it had no search
-- row and was never found by its text.
drop trigger documents_search_refresh_insert on public.documents;
create trigger documents_search_refresh_insert
  after insert on public.documents
  for each row
  when (new.display_name is not null or new.summary is not null or cardinality(new.tags) > 0
        or new.content_of is not null)
  execute function public.documents_search_trigger();
