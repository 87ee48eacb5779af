-- The upload's quota count has an index of exactly the rows it counts (in flight, not counted yet).
begin;
select plan(1);

select has_index('public', 'documents', 'documents_in_flight_idx', 'in-flight documents are indexed');

select * from finish();
rollback;
