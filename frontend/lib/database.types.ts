
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "api_tokens": {
                  Row: {
                    "created_at": string,"hint": string,"id": string,"last_used_at": string | null,"name": string,"token_hash": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"hint": string,"id"?: string,"last_used_at"?: string | null,"name": string,"token_hash": string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"hint"?: string,"id"?: string,"last_used_at"?: string | null,"name"?: string,"token_hash"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"document_events": {
                  Row: {
                    "attempt": number,"created_at": string,"document_id": string,"error_code": string | null,"event": string,"id": number,"message": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempt": number,"created_at"?: string,"document_id": string,"error_code"?: string | null,"event": string,"id"?: never,"message"?: string | null,"user_id": string
                  }
                  Update: {
                    "attempt"?: number,"created_at"?: string,"document_id"?: string,"error_code"?: string | null,"event"?: string,"id"?: never,"message"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "document_events_document_id_fkey"
      columns: ["document_id"]
isOneToOne: false
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"document_jobs": {
                  Row: {
                    "attempt": number,"created_at": string,"dispatch_error": string | null,"dispatches": number,"document_id": string,"error_code": string | null,"error_message": string | null,"finished_at": string | null,"heartbeat_at": string | null,"id": string,"kind": string,"lease_expires_at": string | null,"lease_owner": string | null,"lease_token": string | null,"page_start": number | null,"page_stop": number | null,"recoveries": number,"run_after": string,"started_at": string | null,"state": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempt"?: number,"created_at"?: string,"dispatch_error"?: string | null,"dispatches"?: number,"document_id": string,"error_code"?: string | null,"error_message"?: string | null,"finished_at"?: string | null,"heartbeat_at"?: string | null,"id"?: string,"kind": string,"lease_expires_at"?: string | null,"lease_owner"?: string | null,"lease_token"?: string | null,"page_start"?: number | null,"page_stop"?: number | null,"recoveries"?: number,"run_after"?: string,"started_at"?: string | null,"state"?: string,"updated_at"?: string
                  }
                  Update: {
                    "attempt"?: number,"created_at"?: string,"dispatch_error"?: string | null,"dispatches"?: number,"document_id"?: string,"error_code"?: string | null,"error_message"?: string | null,"finished_at"?: string | null,"heartbeat_at"?: string | null,"id"?: string,"kind"?: string,"lease_expires_at"?: string | null,"lease_owner"?: string | null,"lease_token"?: string | null,"page_start"?: number | null,"page_stop"?: number | null,"recoveries"?: number,"run_after"?: string,"started_at"?: string | null,"state"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "document_jobs_document_id_fkey"
      columns: ["document_id"]
isOneToOne: false
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"document_search": {
                  Row: {
                    "created_at": string,"document_id": string,"rank_vector": unknown,"text_vector": unknown,"user_id": string,"vector": unknown
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at": string,"document_id": string,"rank_vector": unknown,"text_vector"?: unknown,"user_id": string,"vector": unknown
                  }
                  Update: {
                    "created_at"?: string,"document_id"?: string,"rank_vector"?: unknown,"text_vector"?: unknown,"user_id"?: string,"vector"?: unknown
                  }
                  Relationships: [
                    {
      foreignKeyName: "document_search_document_id_fkey"
      columns: ["document_id"]
isOneToOne: true
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"document_sources": {
                  Row: {
                    "channel": string,"created_at": string,"document_id": string,"message_id": string | null,"sender_address": string | null,"sender_name": string | null,"sent_at": string | null,"subject": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "channel": string,"created_at"?: string,"document_id": string,"message_id"?: string | null,"sender_address"?: string | null,"sender_name"?: string | null,"sent_at"?: string | null,"subject"?: string | null,"user_id": string
                  }
                  Update: {
                    "channel"?: string,"created_at"?: string,"document_id"?: string,"message_id"?: string | null,"sender_address"?: string | null,"sender_name"?: string | null,"sent_at"?: string | null,"subject"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "document_sources_document_id_fkey"
      columns: ["document_id"]
isOneToOne: true
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"documents": {
                  Row: {
                    "content_of": string | null,"created_at": string,"display_name": string | null,"duplicate_of": string | null,"edited_fields": (string)[],"error_code": string | null,"error_message": string | null,"facts": NonNullable<Json>,"file_path": string,"file_size_bytes": number,"filename": string,"id": string,"language": string | null,"metadata_error": string | null,"metadata_status": string,"mime_type": string,"no_text": boolean,"ocr_language": string | null,"page_count": number | null,"pages_done": number,"retry_count": number,"sha256": string,"status": string,"summary": string | null,"tags": (string)[],"text_truncated": boolean,"updated_at": string,"usage_counted_at": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content_of"?: string | null,"created_at"?: string,"display_name"?: string | null,"duplicate_of"?: string | null,"edited_fields"?: (string)[],"error_code"?: string | null,"error_message"?: string | null,"facts"?: NonNullable<Json>,"file_path": string,"file_size_bytes": number,"filename": string,"id"?: string,"language"?: string | null,"metadata_error"?: string | null,"metadata_status"?: string,"mime_type": string,"no_text"?: boolean,"ocr_language"?: string | null,"page_count"?: number | null,"pages_done"?: number,"retry_count"?: number,"sha256": string,"status"?: string,"summary"?: string | null,"tags"?: (string)[],"text_truncated"?: boolean,"updated_at"?: string,"usage_counted_at"?: string | null,"user_id": string
                  }
                  Update: {
                    "content_of"?: string | null,"created_at"?: string,"display_name"?: string | null,"duplicate_of"?: string | null,"edited_fields"?: (string)[],"error_code"?: string | null,"error_message"?: string | null,"facts"?: NonNullable<Json>,"file_path"?: string,"file_size_bytes"?: number,"filename"?: string,"id"?: string,"language"?: string | null,"metadata_error"?: string | null,"metadata_status"?: string,"mime_type"?: string,"no_text"?: boolean,"ocr_language"?: string | null,"page_count"?: number | null,"pages_done"?: number,"retry_count"?: number,"sha256"?: string,"status"?: string,"summary"?: string | null,"tags"?: (string)[],"text_truncated"?: boolean,"updated_at"?: string,"usage_counted_at"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "documents_content_of_fkey"
      columns: ["content_of"]
isOneToOne: false
      referencedRelation: "documents"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "documents_duplicate_of_fkey"
      columns: ["duplicate_of"]
isOneToOne: false
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"inbound_receipts": {
                  Row: {
                    "channel": string,"created_at": string,"document_id": string,"source_key": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "channel": string,"created_at"?: string,"document_id": string,"source_key": string,"user_id": string
                  }
                  Update: {
                    "channel"?: string,"created_at"?: string,"document_id"?: string,"source_key"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"ocr_pages": {
                  Row: {
                    "created_at": string,"document_id": string,"height": number | null,"job_id": string | null,"language": string | null,"layout_lines": Json | null,"markdown": string,"model": string,"orientation": number,"page_index": number,"reading": string,"reads": number,"skew": number,"tables_html": NonNullable<Json>,"truncated": boolean,"updated_at": string,"user_id": string,"width": number | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"document_id": string,"height"?: number | null,"job_id"?: string | null,"language"?: string | null,"layout_lines"?: Json | null,"markdown": string,"model": string,"orientation"?: number,"page_index": number,"reading": string,"reads"?: number,"skew"?: number,"tables_html"?: NonNullable<Json>,"truncated"?: boolean,"updated_at"?: string,"user_id": string,"width"?: number | null
                  }
                  Update: {
                    "created_at"?: string,"document_id"?: string,"height"?: number | null,"job_id"?: string | null,"language"?: string | null,"layout_lines"?: Json | null,"markdown"?: string,"model"?: string,"orientation"?: number,"page_index"?: number,"reading"?: string,"reads"?: number,"skew"?: number,"tables_html"?: NonNullable<Json>,"truncated"?: boolean,"updated_at"?: string,"user_id"?: string,"width"?: number | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "ocr_pages_document_id_fkey"
      columns: ["document_id"]
isOneToOne: false
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"ocr_results": {
                  Row: {
                    "created_at": string,"document_id": string,"layout": NonNullable<Json>,"model": string,"page_count": number,"pages": NonNullable<Json>,"processing_time_ms": number,"tables_html": NonNullable<Json>,"text": string,"updated_at": string,"usage_info": NonNullable<Json>,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"document_id": string,"layout"?: NonNullable<Json>,"model": string,"page_count": number,"pages"?: NonNullable<Json>,"processing_time_ms": number,"tables_html"?: NonNullable<Json>,"text": string,"updated_at"?: string,"usage_info"?: NonNullable<Json>,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"document_id"?: string,"layout"?: NonNullable<Json>,"model"?: string,"page_count"?: number,"pages"?: NonNullable<Json>,"processing_time_ms"?: number,"tables_html"?: NonNullable<Json>,"text"?: string,"updated_at"?: string,"usage_info"?: NonNullable<Json>,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ocr_results_document_id_fkey"
      columns: ["document_id"]
isOneToOne: true
      referencedRelation: "documents"
      referencedColumns: ["id"]
    }
                  ]
                },"usage": {
                  Row: {
                    "documents_processed": number,"pages_processed": number,"period": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "documents_processed"?: number,"pages_processed"?: number,"period": string,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "documents_processed"?: number,"pages_processed"?: number,"period"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            [_ in never]: never
          }
          Functions: {
            "document_public_columns":
{ Args: Record<PropertyKey, never>; Returns: (string)[]
                           },
"record_upload":
{ Args: { "p_file_path": string,"p_filename": string,"p_id": string,"p_job_id": string,"p_lease_owner": string,"p_lease_token": string,"p_lease_ttl_s": number,"p_limit": number,"p_mime_type": string,"p_period": string,"p_sha256": string,"p_size": number,"p_user_id": string }; Returns: {
              "content_of": string | null,
"created_at": string,
"display_name": string | null,
"duplicate_of": string | null,
"edited_fields": (string)[],
"error_code": string | null,
"error_message": string | null,
"facts": NonNullable<Json>,
"file_path": string,
"file_size_bytes": number,
"filename": string,
"id": string,
"language": string | null,
"metadata_error": string | null,
"metadata_status": string,
"mime_type": string,
"no_text": boolean,
"ocr_language": string | null,
"page_count": number | null,
"pages_done": number,
"retry_count": number,
"sha256": string,
"status": string,
"summary": string | null,
"tags": (string)[],
"text_truncated": boolean,
"updated_at": string,
"usage_counted_at": string | null,
"user_id": string
            }
                          SetofOptions: {
        from: "*"
        to: "documents"
        isOneToOne: true
        isSetofReturn: false
      } },
"refresh_document_search":
{ Args: { "doc_id": string,"reparse_text": boolean }; Returns: undefined
                           },
"storage_bytes_used":
{ Args: { "p_user_id": string }; Returns: number
                           },
"upload_slots_used":
{ Args: { "p_period": string,"p_user_id": string }; Returns: number
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            
          }
        }
} as const
