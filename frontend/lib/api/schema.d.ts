/**
 * GENERATED from the backend's OpenAPI schema by scripts/generate-api-types.mjs.
 * Do not edit by hand: run `npm run api:types` after changing the API.
 */

export interface paths {
    "/api/auth/local-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Local Token
         * @description Local mode only: sign in with just an email (no password: it is your laptop), so only
         *     from this machine (loopback peers; the Host allow-list is checked for every route).
         */
        post: operations["local_token_api_auth_local_token_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Client Config
         * @description What the web app checks before sending a file and shows beside the dropzone.
         */
        get: operations["client_config_api_config_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/document/metadata": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Regenerate Metadata */
        post: operations["regenerate_metadata_api_document_metadata_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/document/retry-ocr": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Process a failed (or abandoned) document again, or read it in a chosen language */
        post: operations["retry_ocr_api_document_retry_ocr_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/document/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a document; answers at once, OCR runs in the background */
        post: operations["upload_api_document_upload_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Documents
         * @description Newest first, or by relevance to `q` with a highlighted snippet and the page it is on.
         *     Filters combine with `q`. `next_cursor` fetches the next page of the same query; null on the last one.
         */
        get: operations["list_documents_api_documents_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Document Events */
        get: operations["document_events_api_documents_events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The metadata of the current result set, as CSV or JSON */
        get: operations["export_documents_api_documents_export_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Document */
        get: operations["get_document_api_documents__document_id__get"];
        put?: never;
        post?: never;
        /** Delete Document */
        delete: operations["delete_document_api_documents__document_id__delete"];
        options?: never;
        head?: never;
        /** Correct the title, tags or summary; the fields sent are marked edited */
        patch: operations["edit_document_api_documents__document_id__patch"];
        trace?: never;
    };
    "/api/documents/{document_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The document's status timeline */
        get: operations["get_timeline_api_documents__document_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{document_id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get File */
        get: operations["get_file_api_documents__document_id__file_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{document_id}/keep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Keep a duplicate upload as a document of its own (no longer flagged) */
        post: operations["keep_duplicate_api_documents__document_id__keep_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{document_id}/text": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the OCR text, as Markdown or plain text */
        get: operations["download_text_api_documents__document_id__text_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{document_id}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Thumbnail */
        get: operations["get_thumbnail_api_documents__document_id__thumbnail_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health
         * @description 200 when this process serves requests; 503 (`unavailable`) when its database is down,
         *     or while requests are being refused for lack of slots (`HTTP_MAX_REQUESTS`): a load
         *     balancer should send traffic elsewhere then.
         */
        get: operations["health_api_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your personal API tokens (no secrets) */
        get: operations["list_tokens_api_tokens_get"];
        put?: never;
        /** Make a personal API token; its secret is in this answer only */
        post: operations["create_token_api_tokens_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{token_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a personal API token; it is refused from now on */
        delete: operations["revoke_token_api_tokens__token_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AcceptedType */
        AcceptedType: {
            /** Extensions */
            extensions: string[];
            /** Mime Type */
            mime_type: string;
            /**
             * Name
             * @description What a person calls it, e.g. PDF
             */
            name: string;
        };
        /** ApiTokenCreate */
        ApiTokenCreate: {
            /**
             * Name
             * @description What the token is for, e.g. 'scanner'
             */
            name: string;
        };
        /**
         * ApiTokenCreated
         * @description The new token; `token` is the secret, shown this once (only its hash is kept).
         */
        ApiTokenCreated: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Token */
            token: string;
        };
        /**
         * ApiTokenInfo
         * @description A personal API token as listed: never its secret.
         */
        ApiTokenInfo: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Hint
             * @description The token's first characters, to tell tokens apart
             */
            hint: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Used At */
            last_used_at: string | null;
            /** Name */
            name: string;
        };
        /** Body_retry_ocr_api_document_retry_ocr_post */
        Body_retry_ocr_api_document_retry_ocr_post: {
            /** Document Id */
            document_id: string;
            /**
             * Language
             * @description ISO 639-1 code (one of the config's `ocr_languages`): every scanned page is read again in it, a processed document too. Empty: detected per page.
             */
            language?: string | null;
        };
        /**
         * ChangedRow
         * @description A table row as the change feed ships it: Document's fields (all of them on INSERT and
         *     UPDATE) plus the owner's id.
         */
        ChangedRow: {
            /** Created At */
            created_at?: string | null;
            /** Display Name */
            display_name?: string | null;
            /** Duplicate Of */
            duplicate_of?: string | null;
            /** Edited Fields */
            edited_fields?: string[] | null;
            error_code?: components["schemas"]["ErrorCode"] | null;
            /** Error Message */
            error_message?: string | null;
            facts?: components["schemas"]["DocumentFacts"] | null;
            /** File Size Bytes */
            file_size_bytes?: number | null;
            /** Filename */
            filename?: string | null;
            /** Id */
            id?: string | null;
            /** Language */
            language?: string | null;
            /** Metadata Error */
            metadata_error?: string | null;
            metadata_status?: components["schemas"]["MetadataStatus"] | null;
            /** Mime Type */
            mime_type?: string | null;
            /** No Text */
            no_text?: boolean | null;
            /** Page Count */
            page_count?: number | null;
            /** Pages Done */
            pages_done?: number | null;
            /** Retry Count */
            retry_count?: number | null;
            status?: components["schemas"]["DocumentStatus"] | null;
            /** Summary */
            summary?: string | null;
            /** Tags */
            tags?: string[] | null;
            /** Text Truncated */
            text_truncated?: boolean | null;
            /** Updated At */
            updated_at?: string | null;
            /** User Id */
            user_id?: string | null;
        };
        /**
         * ClientConfig
         * @description The limits the web app checks and shows before a file is sent, served from the settings
         *     the API enforces, so raising a limit on the server raises it in the browser too.
         */
        ClientConfig: {
            /** Accepted Types */
            accepted_types: components["schemas"]["AcceptedType"][];
            /**
             * Accepted Types Text
             * @description The accepted types in words, e.g. 'PDF, PNG or TIFF'
             */
            accepted_types_text: string;
            /**
             * Max Attempts
             * @description OCR attempts a document gets before it fails (1 + retries)
             */
            max_attempts: number;
            /** Max Upload Bytes */
            max_upload_bytes: number;
            /**
             * Monthly Quota
             * @description Documents a user may upload per calendar month
             */
            monthly_quota: number;
            /**
             * Ocr Languages
             * @description The languages a person may choose for reading a document again
             */
            ocr_languages?: components["schemas"]["OcrLanguage"][];
            /** Used This Month */
            used_this_month: number;
        };
        /** CompleteEvent */
        CompleteEvent: {
            metadata: components["schemas"]["DocumentMetadata"];
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "complete";
        };
        /**
         * Document
         * @description What a client sees of a document: `DOCUMENT_PUBLIC_COLUMNS`, less the owner's id.
         */
        Document: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string | null;
            /**
             * Duplicate Of
             * @description The earlier upload with the same bytes; this one was not processed again
             */
            duplicate_of: string | null;
            /**
             * Edited Fields
             * @description Metadata fields a person edited
             */
            edited_fields: string[];
            /** @description Why the document failed, for machines */
            error_code: components["schemas"]["ErrorCode"] | null;
            /**
             * Error Message
             * @description Why the document failed, for people
             */
            error_message: string | null;
            facts?: components["schemas"]["DocumentFacts"];
            /** File Size Bytes */
            file_size_bytes: number;
            /** Filename */
            filename: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Language
             * @description ISO 639-1, detected from the text
             */
            language?: string | null;
            /** Metadata Error */
            metadata_error: string | null;
            metadata_status: components["schemas"]["MetadataStatus"];
            /** Mime Type */
            mime_type: string;
            /**
             * No Text
             * @description The OCR found no text on any page; no title, tags or summary were made up
             */
            no_text: boolean;
            /** Page Count */
            page_count: number | null;
            /** Pages Done */
            pages_done: number;
            /**
             * Retry Count
             * @description Automatic recoveries since the last upload or Retry
             */
            retry_count: number;
            status: components["schemas"]["DocumentStatus"];
            /** Summary */
            summary: string | null;
            /** Tags */
            tags: string[];
            /**
             * Text Truncated
             * @description The text was cut at the text budget (characters per page and per document)
             */
            text_truncated: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * DocumentChangeEvent
         * @description The `data:` of a `change` event on `GET /api/documents/events` (Supabase Realtime's
         *     postgres_changes shape). `new` is the row after the change ({} on DELETE); `old` carries at
         *     least `id` and `user_id` on DELETE.
         */
        DocumentChangeEvent: {
            /**
             * Eventtype
             * @enum {string}
             */
            eventType: "INSERT" | "UPDATE" | "DELETE";
            /** @description The row after the change; empty on DELETE */
            new: components["schemas"]["ChangedRow"];
            /** @description On DELETE at least id and user_id */
            old: components["schemas"]["ChangedRow"];
        };
        /** DocumentDetail */
        DocumentDetail: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string | null;
            /**
             * Duplicate Of
             * @description The earlier upload with the same bytes; this one was not processed again
             */
            duplicate_of: string | null;
            /**
             * Edited Fields
             * @description Metadata fields a person edited
             */
            edited_fields: string[];
            /** @description Why the document failed, for machines */
            error_code: components["schemas"]["ErrorCode"] | null;
            /**
             * Error Message
             * @description Why the document failed, for people
             */
            error_message: string | null;
            facts?: components["schemas"]["DocumentFacts"];
            /** File Size Bytes */
            file_size_bytes: number;
            /** Filename */
            filename: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Language
             * @description ISO 639-1, detected from the text
             */
            language?: string | null;
            /** Metadata Error */
            metadata_error: string | null;
            metadata_status: components["schemas"]["MetadataStatus"];
            /** Mime Type */
            mime_type: string;
            /**
             * No Text
             * @description The OCR found no text on any page; no title, tags or summary were made up
             */
            no_text: boolean;
            ocr?: components["schemas"]["OcrText"] | null;
            /** Page Count */
            page_count: number | null;
            /** Pages Done */
            pages_done: number;
            /**
             * Retry Count
             * @description Automatic recoveries since the last upload or Retry
             */
            retry_count: number;
            source?: components["schemas"]["DocumentSourceInfo"] | null;
            status: components["schemas"]["DocumentStatus"];
            /** Summary */
            summary: string | null;
            /** Tags */
            tags: string[];
            /**
             * Text Truncated
             * @description The text was cut at the text budget (characters per page and per document)
             */
            text_truncated: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * DocumentFacts
         * @description The facts a document carries; a fact not in the document is absent.
         */
        DocumentFacts: {
            correspondent?: components["schemas"]["FactValue"] | null;
            document_date?: components["schemas"]["FactValue"] | null;
            document_type?: components["schemas"]["FactValue"] | null;
            due_date?: components["schemas"]["FactValue"] | null;
            reference?: components["schemas"]["FactValue"] | null;
            total?: components["schemas"]["FactValue"] | null;
        };
        /** DocumentList */
        DocumentList: {
            /** Documents */
            documents: components["schemas"]["ListedDocument"][];
            /**
             * Next Cursor
             * @description Pass as `cursor` for the next page; null at the end
             */
            next_cursor: string | null;
            /**
             * Total
             * @description The caller's documents matching the query and filters
             */
            total: number;
        };
        /**
         * DocumentMetadata
         * @description Validated metadata; what `save_metadata` accepts and what `complete` carries.
         */
        DocumentMetadata: {
            /** Display Name */
            display_name: string;
            /** Summary */
            summary: string;
            /** Tags */
            tags: string[];
        };
        /**
         * DocumentSourceInfo
         * @description The e-mail a document came in (absent for an upload or a watched folder's file); the
         *     sender is a candidate for the document's correspondent.
         */
        DocumentSourceInfo: {
            /**
             * Channel
             * @enum {string}
             */
            channel: "folder" | "imap";
            /** Sender Address */
            sender_address: string | null;
            /** Sender Name */
            sender_name: string | null;
            /** Sent At */
            sent_at: string | null;
            /** Subject */
            subject: string | null;
        };
        /**
         * DocumentStatus
         * @enum {string}
         */
        DocumentStatus: "uploading" | "processing" | "ocr_complete" | "failed";
        /**
         * DocumentType
         * @enum {string}
         */
        DocumentType: "invoice" | "receipt" | "bank_statement" | "payslip" | "tax" | "insurance" | "contract" | "letter" | "medical" | "manual" | "report" | "article" | "form" | "other";
        /** ErrorBody */
        ErrorBody: {
            /** Detail */
            detail: string;
        };
        /**
         * ErrorCode
         * @description Why a document or job failed, for machines (the web app, alerts, tests). The human
         *     sentence travels beside it as `detail` / `error_message`.
         * @enum {string}
         */
        ErrorCode: "corrupt_file" | "encrypted_pdf" | "too_many_pages" | "image_too_large" | "unsupported_content" | "file_missing" | "engine_unavailable" | "engine_rejected" | "resource_limit" | "timeout" | "retries_exhausted" | "dispatch_failed" | "interrupted" | "superseded" | "internal";
        /** ErrorEvent */
        ErrorEvent: {
            /** Message */
            message: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "error";
        };
        /**
         * FactName
         * @enum {string}
         */
        FactName: "document_type" | "correspondent" | "document_date" | "total" | "reference" | "due_date";
        /** FactTotal */
        FactTotal: {
            /**
             * Amount
             * @description A decimal string, e.g. "1234.56"
             */
            amount: string;
            /**
             * Currency
             * @description ISO 4217, e.g. EUR
             */
            currency: string;
        };
        /**
         * FactValue
         * @description One fact with where it came from: `quote` is the exact text on `page` (1-based).
         */
        FactValue: {
            /** Confidence */
            confidence: number;
            /**
             * Note
             * @description Why the value is this, when the quote alone does not say (e.g. a type taken from how you filed this sender before)
             */
            note?: string | null;
            /**
             * Page
             * @description 1-based; null for a fact a person set
             */
            page: number | null;
            /**
             * Quote
             * @description The words on `page`; null for a fact a person set
             */
            quote: string | null;
            /**
             * Source
             * @enum {string}
             */
            source: "local" | "claude" | "person";
            /**
             * Value
             * @description Dates ISO (YYYY-MM-DD); `total` is {amount, currency}; the type one of invoice, receipt, bank_statement, payslip, tax, insurance, contract, letter, medical, manual, report, article, form, other
             */
            value: string | components["schemas"]["FactTotal"];
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** Health */
        Health: {
            /** Auth Provider */
            auth_provider: string;
            /**
             * Database
             * @enum {string}
             */
            database: "ok" | "down";
            /**
             * Event Loop Lag
             * @description p50/p99/max lag of this process's event loop over the last minute, ms
             */
            event_loop_lag: {
                [key: string]: unknown;
            };
            /**
             * Jobs Running
             * @description OCR and metadata jobs in this process, queued or running
             */
            jobs_running: number;
            /** Metadata Provider */
            metadata_provider: string;
            /** Ocr Provider */
            ocr_provider: string;
            /** Recovery */
            recovery: {
                [key: string]: unknown;
            };
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "unavailable";
            /** Storage Provider */
            storage_provider: string;
        };
        /** ListedDocument */
        ListedDocument: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Display Name */
            display_name: string | null;
            /**
             * Duplicate Of
             * @description The earlier upload with the same bytes; this one was not processed again
             */
            duplicate_of: string | null;
            /**
             * Edited Fields
             * @description Metadata fields a person edited
             */
            edited_fields: string[];
            /** @description Why the document failed, for machines */
            error_code: components["schemas"]["ErrorCode"] | null;
            /**
             * Error Message
             * @description Why the document failed, for people
             */
            error_message: string | null;
            facts?: components["schemas"]["DocumentFacts"];
            /** File Size Bytes */
            file_size_bytes: number;
            /** Filename */
            filename: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Language
             * @description ISO 639-1, detected from the text
             */
            language?: string | null;
            /** Metadata Error */
            metadata_error: string | null;
            metadata_status: components["schemas"]["MetadataStatus"];
            /** Mime Type */
            mime_type: string;
            /**
             * No Text
             * @description The OCR found no text on any page; no title, tags or summary were made up
             */
            no_text: boolean;
            /** Page Count */
            page_count: number | null;
            /** Pages Done */
            pages_done: number;
            /**
             * Retry Count
             * @description Automatic recoveries since the last upload or Retry
             */
            retry_count: number;
            /**
             * Snippet
             * @description Where the query matched in the OCR text (searches only)
             */
            snippet?: components["schemas"]["SnippetPart"][] | null;
            /**
             * Snippet Page
             * @description The page (1 = first) of the match the snippet shows; null without a query, or when nothing in the text is marked (only the title, tags or summary matched)
             */
            snippet_page?: number | null;
            status: components["schemas"]["DocumentStatus"];
            /** Summary */
            summary: string | null;
            /** Tags */
            tags: string[];
            /**
             * Text Truncated
             * @description The text was cut at the text budget (characters per page and per document)
             */
            text_truncated: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** LocalTokenRequest */
        LocalTokenRequest: {
            /**
             * Email
             * @description Compared and stored trimmed and in lower case
             */
            email: string;
        };
        /** LocalTokenResponse */
        LocalTokenResponse: {
            /** Access Token */
            access_token: string;
            /**
             * Email
             * @description The account's email as stored (trimmed, lower case)
             */
            email: string;
            /**
             * Token Type
             * @default bearer
             * @constant
             */
            token_type: "bearer";
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /**
         * MetadataEdit
         * @description A person's correction of the generated metadata; the fields sent are marked edited.
         *     Validated like generated metadata (tidied, bounded; tags lowercase and unique), except
         *     that tags may be emptied.
         */
        MetadataEdit: {
            /** Display Name */
            display_name?: string | null;
            /**
             * Facts
             * @description Facts a person corrects, by name: the value (dates YYYY-MM-DD, `total` {amount, currency}, `document_type` one of the types), or null to remove the fact. Stored with source `person`; a later generation never replaces them.
             */
            facts?: {
                [key: string]: string | components["schemas"]["FactTotal"] | null;
            } | null;
            /** Summary */
            summary?: string | null;
            /** Tags */
            tags?: string[] | null;
        };
        /** MetadataRequest */
        MetadataRequest: {
            /**
             * Document Id
             * Format: uuid
             */
            document_id: string;
            /**
             * Replace Edited
             * @description Also replace fields a person edited (the web app asks first); otherwise edited fields are kept and only the others are regenerated
             * @default false
             */
            replace_edited: boolean;
        };
        /**
         * MetadataStatus
         * @enum {string}
         */
        MetadataStatus: "pending" | "generating" | "complete" | "failed";
        /**
         * MetadataStreamEvent
         * @description One event of `POST /api/document/metadata`: the SSE `event:` is `type`, `data:` the rest.
         */
        MetadataStreamEvent: components["schemas"]["StatusEvent"] | components["schemas"]["ToolEvent"] | components["schemas"]["TextEvent"] | components["schemas"]["CompleteEvent"] | components["schemas"]["ErrorEvent"];
        /** OcrLanguage */
        OcrLanguage: {
            /**
             * Code
             * @description ISO 639-1, e.g. de
             */
            code: string;
            /**
             * Name
             * @description What a person calls it, e.g. German
             */
            name: string;
        };
        /**
         * OcrPageTurn
         * @description How the OCR turned one page to read it upright. A viewer showing the original turns it
         *     the same way; the thumbnail is already turned.
         */
        OcrPageTurn: {
            /**
             * Index
             * @description 0-based page number
             */
            index: number;
            /**
             * Language
             * @description ISO 639-1, the page's language when identified
             */
            language: string | null;
            /**
             * Orientation
             * @description Degrees counter-clockwise the page was turned first (scanned upside down: 180; its top at the right edge: 90)
             * @enum {integer}
             */
            orientation: 0 | 90 | 180 | 270;
            /**
             * Skew
             * @description Then this many degrees counter-clockwise (a crooked scan)
             */
            skew: number;
        };
        /** OcrText */
        OcrText: {
            /** Page Count */
            page_count: number;
            /**
             * Pages
             * @description Each page's turn and language, in page order
             */
            pages?: components["schemas"]["OcrPageTurn"][];
            /**
             * Text
             * @description The start of the text (at most 100,000 characters)
             */
            text: string;
            /**
             * Total Chars
             * @description Length of the whole text; more than `text` holds: download it from /text
             */
            total_chars: number;
        };
        /**
         * SnippetPart
         * @description A piece of a search snippet; `match` pieces are the words the query found. Plain text:
         *     clients mark the matches themselves and never render it as HTML.
         */
        SnippetPart: {
            /** Match */
            match: boolean;
            /** Text */
            text: string;
        };
        /** StatusEvent */
        StatusEvent: {
            /** Message */
            message: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "status";
        };
        /** TextEvent */
        TextEvent: {
            /** Text */
            text: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "text";
        };
        /**
         * TimelineEntry
         * @description One status change of a document, as recorded when it happened.
         */
        TimelineEntry: {
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Attempt */
            attempt: number;
            error_code: components["schemas"]["ErrorCode"] | null;
            /**
             * Event
             * @enum {string}
             */
            event: "uploading" | "processing" | "ocr_complete" | "failed" | "metadata_generating" | "metadata_complete" | "metadata_failed";
            /** Message */
            message: string | null;
        };
        /** ToolEvent */
        ToolEvent: {
            /** Tool */
            tool: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "tool";
        };
        /** UploadAccepted */
        UploadAccepted: {
            /**
             * Document Id
             * Format: uuid
             */
            document_id: string;
            /**
             * Duplicate Of
             * @description Set when the same bytes were uploaded before: not processed again
             */
            duplicate_of?: string | null;
            /** Filename */
            filename: string;
            status: components["schemas"]["DocumentStatus"];
        };
        /** ValidationError */
        ValidationError: {
            /** Context */
            ctx?: Record<string, never>;
            /** Input */
            input?: unknown;
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    local_token_api_auth_local_token_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LocalTokenRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LocalTokenResponse"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    client_config_api_config_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientConfig"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    regenerate_metadata_api_document_metadata_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MetadataRequest"];
            };
        };
        responses: {
            /** @description `text/event-stream`: events status, tool, text, then complete or error */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["MetadataStreamEvent"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    retry_ocr_api_document_retry_ocr_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["Body_retry_ocr_api_document_retry_ocr_post"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadAccepted"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    upload_api_document_upload_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** Format: binary */
                    file: string;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadAccepted"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Request Entity Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_documents_api_documents_get: {
        parameters: {
            query?: {
                /** @description Full-text query, web-search syntax: words (all must match), "a phrase", `or`, `-word` */
                q?: string | null;
                status?: components["schemas"]["DocumentStatus"] | null;
                /** @description Only documents with this tag */
                tag?: string | null;
                /** @description Uploaded on or after (UTC) */
                from?: string | null;
                /** @description Uploaded on or before (UTC) */
                to?: string | null;
                /** @description Only documents of this type (a fact) */
                type?: components["schemas"]["DocumentType"] | null;
                /** @description Only documents from this sender (a fact; case ignored) */
                correspondent?: string | null;
                /** @description Dated on or after (the document's own date, a fact) */
                date_from?: string | null;
                /** @description Dated on or before (the document's own date, a fact) */
                date_to?: string | null;
                /** @description `relevance` (with a query; otherwise newest), `newest` (uploaded), or `document_date` (the document's own date, newest first; undated last) */
                sort?: "relevance" | "newest" | "document_date";
                limit?: number;
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentList"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    document_events_api_documents_events_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `text/event-stream`: `ready` once subscribed, then `change` events (this model) and `resync` when changes may have been missed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["DocumentChangeEvent"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    export_documents_api_documents_export_get: {
        parameters: {
            query?: {
                format?: "csv" | "json";
                /** @description Full-text query, web-search syntax: words (all must match), "a phrase", `or`, `-word` */
                q?: string | null;
                status?: components["schemas"]["DocumentStatus"] | null;
                /** @description Only documents with this tag */
                tag?: string | null;
                /** @description Uploaded on or after (UTC) */
                from?: string | null;
                /** @description Uploaded on or before (UTC) */
                to?: string | null;
                /** @description Only documents of this type (a fact) */
                type?: components["schemas"]["DocumentType"] | null;
                /** @description Only documents from this sender (a fact; case ignored) */
                correspondent?: string | null;
                /** @description Dated on or after (the document's own date, a fact) */
                date_from?: string | null;
                /** @description Dated on or before (the document's own date, a fact) */
                date_to?: string | null;
                /** @description `relevance` (with a query; otherwise newest), `newest` (uploaded), or `document_date` (the document's own date, newest first; undated last) */
                sort?: "relevance" | "newest" | "document_date";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                    "text/csv": unknown;
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_document_api_documents__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DocumentDetail"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_document_api_documents__document_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    edit_document_api_documents__document_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MetadataEdit"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_timeline_api_documents__document_id__events_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelineEntry"][];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_file_api_documents__document_id__file_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                    "application/octet-stream": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    keep_duplicate_api_documents__document_id__keep_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Document"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    download_text_api_documents__document_id__text_get: {
        parameters: {
            query?: {
                format?: "markdown" | "text";
            };
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                    "text/markdown": unknown;
                    "text/plain": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_thumbnail_api_documents__document_id__thumbnail_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                    "image/png": unknown;
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Gone */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    health_api_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    list_tokens_api_tokens_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenInfo"][];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    create_token_api_tokens_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiTokenCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenCreated"];
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    revoke_token_api_tokens__token_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
}
