"use client";
/**
 * Where a share from the phone's share sheet lands (`app/share-target/route.ts` holds the
 * files): pick them up once, hand them to the upload manager (the same checks and upload as a
 * drop, with this person's session), and go to the documents, where their cards show progress.
 */
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useRef, useState } from "react";
import { useAuth } from "@/components/auth-provider";
import { useUploadsContext } from "@/components/uploads-provider";
import { errorText } from "@/lib/api/errors";

const PROBLEMS: Record<string, string> = {
  none: "Nothing was shared: share a PDF or a photo with Docstream.",
  "too-many": "That is too many files at once; share at most 20.",
  "too-large": "Those files are too large to take at once; share fewer.",
  busy: "Too many shared files are waiting right now; try again in a few minutes.",
  unreadable: "The shared files could not be read; try sharing them again.",
};

function Shared() {
  const params = useSearchParams();
  const router = useRouter();
  const { api } = useAuth();
  const { addFiles } = useUploadsContext();
  const taken = useRef<string | null>(null);
  const id = params.get("id");
  const problem = params.get("problem");
  const [error, setError] = useState<string | null>(problem ? (PROBLEMS[problem] ?? PROBLEMS.unreadable ?? null) : null);

  useEffect(() => {
    if (!id || taken.current === id) return; // once, even when an effect runs twice
    taken.current = id;
    const pickUp = new URL(`/share-target?id=${encodeURIComponent(id)}`, window.location.origin).toString();
    void (async () => {
      try {
        const form = await (await api.http.send(pickUp, { auth: false })).formData();
        const files = form.getAll("file").filter((value): value is File => typeof value !== "string");
        addFiles(files);
        router.replace("/");
      } catch (caught) {
        setError(errorText(caught, "The shared files could not be picked up; share them again."));
      }
    })();
  }, [id, api, addFiles, router]);

  return (
    <section aria-labelledby="shared-title">
      <h1 id="shared-title">Shared with Docstream</h1>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : (
        <p aria-live="polite">Adding the shared files…</p>
      )}
      <Link href="/" className="button button--ghost button--small">
        Your documents
      </Link>
    </section>
  );
}

export default function SharedPage() {
  return (
    <Suspense fallback={null}>
      <Shared />
    </Suspense>
  );
}
