import type { ClientConfig } from "@/lib/api/types";
import { formatBytes } from "@/lib/document-status";

/**
 * The same checks the API makes, done first in the browser so a person learns at once why a
 * file will not go. The limits come from the API (`GET /api/config`); without them (not loaded
 * yet) the file goes and the server decides. The server sniffs the bytes, not the name, anyway.
 */
export function uploadProblem(file: Pick<File, "name" | "type" | "size">, config: ClientConfig | null): string | null {
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (!config) return null;
  const lowerName = file.name.toLowerCase();
  const typeOk = config.accepted_types.some(
    (type) => type.mime_type === file.type || type.extensions.some((ext) => lowerName.endsWith(ext)),
  );
  if (!typeOk) return `“${file.name}” is not a supported file type. Use ${config.accepted_types_text}.`;
  if (file.size > config.max_upload_bytes) {
    return `“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(config.max_upload_bytes)}.`;
  }
  return null;
}

/** The `accept` attribute of the file input. */
export function acceptAttribute(config: ClientConfig | null): string | undefined {
  return config?.accepted_types.flatMap((type) => [type.mime_type, ...type.extensions]).join(",");
}
