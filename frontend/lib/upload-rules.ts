import { ACCEPTED_UPLOAD_TYPES, MAX_UPLOAD_MB } from "@/lib/config";
import { formatBytes } from "@/lib/document-status";

const EXTENSIONS = Object.values(ACCEPTED_UPLOAD_TYPES).flat();
const TYPE_NAMES = "PDF, PNG, JPEG, WebP or TIFF";

/**
 * The same checks the API makes, done first in the browser so a person learns at once why a
 * file will not go. The server still decides (it sniffs the bytes, not the name).
 */
export function uploadProblem(file: Pick<File, "name" | "type" | "size">): string | null {
  const lowerName = file.name.toLowerCase();
  const typeOk =
    (file.type && file.type in ACCEPTED_UPLOAD_TYPES) || EXTENSIONS.some((ext) => lowerName.endsWith(ext));
  if (!typeOk) return `“${file.name}” is not a supported file type. Use ${TYPE_NAMES}.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > MAX_UPLOAD_MB * 1024 * 1024) {
    return `“${file.name}” is ${formatBytes(file.size)}; the limit is ${MAX_UPLOAD_MB} MB.`;
  }
  return null;
}
