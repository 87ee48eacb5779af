/**
 * Short names for the API's data shapes. They alias the generated OpenAPI types in
 * `schema.d.ts` (`npm run api:types`; `npm run api:types:check` fails when it is stale), so a
 * change to the backend's models shows up here as a type error rather than a runtime surprise.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type DocumentStatus = Schemas["Document"]["status"];
export type MetadataStatus = Schemas["Document"]["metadata_status"];

/** A document as the list, the detail endpoint and the change feed describe it. */
export type DocumentRow = Schemas["Document"] & {
  /** Present on change-feed rows (the raw table row); absent from API responses. */
  user_id?: string;
};

export type DocumentDetail = Schemas["DocumentDetail"];
export type UploadAccepted = Schemas["UploadAccepted"];
export type LocalToken = Schemas["LocalTokenResponse"];
