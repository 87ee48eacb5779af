"use client";
import type { DocumentRow, MetadataEdit } from "@/lib/api/types";
import { useAuth } from "./auth-provider";
import { useOptionalDocumentsContext } from "./documents-provider";
import { EditableField } from "./editable-field";
import { TagList } from "./tag-list";

/** Title, tags and summary, each editable in place (PATCH /api/documents/{id}). */
export function MetadataEditor({ doc }: { doc: DocumentRow }) {
  const { api } = useAuth();
  const documents = useOptionalDocumentsContext();
  const edited = new Set(doc.edited_fields ?? []);
  const save = async (changes: MetadataEdit) => {
    const row = await api.updateMetadata(doc.id, changes);
    documents?.applyRow(row); // the feed brings it too; this shows it without waiting
  };
  return (
    <section className="metadata" aria-label="Metadata">
      <EditableField
        label="Title"
        value={doc.display_name ?? ""}
        edited={edited.has("display_name")}
        onSave={(value) => save({ display_name: value })}
      />
      <EditableField
        label="Tags"
        value={doc.tags.join(", ")}
        edited={edited.has("tags")}
        hint="Separate tags with commas"
        display={<TagList tags={doc.tags} />}
        onSave={(value) =>
          save({
            tags: value
              .split(",")
              .map((tag) => tag.trim())
              .filter(Boolean),
          })
        }
      />
      <EditableField
        label="Summary"
        value={doc.summary ?? ""}
        edited={edited.has("summary")}
        multiline
        hint="Ctrl+Enter saves"
        onSave={(value) => save({ summary: value })}
      />
    </section>
  );
}
