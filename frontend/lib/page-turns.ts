/**
 * How the OCR turned pages to read them (`OcrText.pages`: orientation from Tesseract's OSD, then
 * skew, both counter-clockwise), turned into what the viewer needs: a CSS rotation that shows an
 * original image upright, and a sentence about pages that were scanned turned.
 */
import type { OcrPageTurn } from "@/lib/api/types";

/** CSS `transform` that shows the page upright (CSS turns clockwise, the OCR counter-clockwise). */
export function uprightTransform(turn: OcrPageTurn | undefined): string | undefined {
  if (!turn) return undefined;
  const degrees = turn.orientation + turn.skew;
  if (Math.abs(degrees) < 0.05) return undefined;
  return `rotate(${-Math.round(degrees * 10) / 10}deg)`;
}

const HOW: Record<number, string> = { 90: "on its side", 180: "upside down", 270: "on its side" };

/** "Page 1 was scanned upside down." / "Pages 2 and 5 were scanned turned." — or null. */
export function turnedPagesNote(turns: OcrPageTurn[] | undefined): string | null {
  const turned = (turns ?? []).filter((t) => t.orientation !== 0);
  if (!turned.length) return null;
  if (turned.length === 1) return `Page ${turned[0]!.index + 1} was scanned ${HOW[turned[0]!.orientation]}; its text was read upright.`;
  const numbers = turned.map((t) => t.index + 1);
  const list = numbers.length > 6 ? `${numbers.slice(0, 6).join(", ")} and ${numbers.length - 6} more` : `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
  return `Pages ${list} were scanned turned; their text was read upright.`;
}
