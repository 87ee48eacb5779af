/**
 * Short names for the API's data shapes. They alias the generated OpenAPI types in
 * `schema.d.ts` (`npm run api:types`; `npm run api:types:check` fails when it is stale), so a
 * change to the backend's models shows up here as a type error rather than a runtime surprise.
 * The SSE events are in the schema too (the streams' `text/event-stream` models).
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type DocumentStatus = Schemas["Document"]["status"];
export type MetadataStatus = Schemas["Document"]["metadata_status"];
export type ErrorCode = NonNullable<Schemas["Document"]["error_code"]>;

/** A document as the list, the detail endpoint and the change feed describe it. */
export type DocumentRow = Schemas["Document"] & {
  /** Present on change-feed rows (the raw table row); absent from API responses. */
  user_id?: string | null;
};

export type DocumentDetail = Schemas["DocumentDetail"];
export type DocumentPage = Schemas["DocumentList"];
/** A document in a list or search answer: the row plus the search snippet (null when listing). */
export type ListedDocument = Schemas["ListedDocument"];
export type SnippetPart = Schemas["SnippetPart"];
export type MetadataEdit = Schemas["MetadataEdit"];
export type TimelineEntry = Schemas["TimelineEntry"];
export type UploadAccepted = Schemas["UploadAccepted"];
export type LocalToken = Schemas["LocalTokenResponse"];
export type ClientConfig = Schemas["ClientConfig"];
export type ApiTokenInfo = Schemas["ApiTokenInfo"];
export type ApiTokenCreated = Schemas["ApiTokenCreated"];
/** A language a person may choose for reading a document again (`ClientConfig.ocr_languages`). */
export type OcrLanguage = Schemas["OcrLanguage"];
/** How the OCR turned one page to read it upright (the viewer turns the original the same way). */
export type OcrPageTurn = Schemas["OcrPageTurn"];
export type GeneratedMetadata = Schemas["DocumentMetadata"];

/** One event of the Regenerate stream (`type` is the SSE event name). */
export type MetadataStreamEvent = Schemas["MetadataStreamEvent"];
/** The `data:` of a change event on the live feed. */
export type DocumentChangeEvent = Schemas["DocumentChangeEvent"];
export type ChangedRow = Schemas["ChangedRow"];
