"use client";
/**
 * The e-mail a document came in (the e-mail channel keeps its subject, sender and date), and
 * the sender offered as the document's correspondent when the facts name another or none.
 */
import { useAuth } from "@/components/auth-provider";
import { useOptionalDocumentsContext } from "@/components/documents-provider";
import { useAction } from "@/hooks/use-action";
import type { DocumentDetail, DocumentRow } from "@/lib/api/types";

type Source = NonNullable<DocumentDetail["source"]>;

const sentAt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function MailSource({ doc, source }: { doc: DocumentRow; source: Source }) {
  const { api } = useAuth();
  const documents = useOptionalDocumentsContext();
  const { busy, error, run } = useAction("Could not set the sender.");
  if (source.channel !== "imap") return null;
  const sender = source.sender_name || source.sender_address || null;
  const correspondent = doc.facts?.correspondent?.value;
  const offer = sender !== null && correspondent !== sender;
  const use = () =>
    run(async () => {
      documents?.applyRow(await api.updateMetadata(doc.id, { facts: { correspondent: sender } }));
    });
  return (
    <section className="notice" aria-label="Came by e-mail" data-testid="mail-source">
      <p>
        Came by e-mail{source.subject ? <> · “{source.subject}”</> : null}
        {sender ? (
          <>
            {" "}
            from <strong>{sender}</strong>
            {source.sender_name && source.sender_address ? ` <${source.sender_address}>` : null}
          </>
        ) : null}
        {source.sent_at ? (
          <>
            {", "}
            <time dateTime={source.sent_at}>{sentAt.format(new Date(source.sent_at))}</time>
          </>
        ) : null}
      </p>
      {offer && (
        <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => void use()}>
          Use {sender} as the sender
        </button>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
