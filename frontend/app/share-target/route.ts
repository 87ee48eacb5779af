/**
 * The share target of the installable app (`app/manifest.ts`). POST: the phone's browser sends
 * the shared files as multipart/form-data (field `file`, repeated); they are held for a moment
 * (`lib/shared-files.ts`) and the browser is sent on to `/shared?id=…`, a signed-in page that
 * picks them up here (GET `?id=`) and uploads each through the app's upload manager: the same
 * acceptance as a drop, with the person's own session.
 */
import { NextResponse } from "next/server";
import { holdFiles, takeFiles } from "@/lib/shared-files";

export const dynamic = "force-dynamic";

/** A relative `Location`: the browser stays on the origin it used (its session lives there),
 * whatever name the server was started under. */
const seeOther = (target: string) => new Response(null, { status: 303, headers: { Location: target } });

export async function POST(request: Request) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return seeOther("/shared?problem=unreadable");
  }
  const files = [...form.values()].filter((value): value is File => typeof value !== "string" && value.size > 0);
  const held = holdFiles(files);
  const target = "id" in held ? `/shared?id=${held.id}` : `/shared?problem=${held.problem}`;
  return seeOther(target);
}

/** The held files, once, as multipart/form-data (the page reads them back with `formData()`). */
export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get("id") ?? "";
  const files = /^[0-9a-f-]{36}$/.test(id) ? takeFiles(id) : null;
  if (!files) {
    return NextResponse.json(
      { detail: "The shared files are gone (they are kept for ten minutes); share them again." },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  const body = new FormData();
  for (const file of files) body.append("file", file, file.name);
  return new Response(body, { headers: { "Cache-Control": "no-store" } });
}
