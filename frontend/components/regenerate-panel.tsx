import type { RegenerateState } from "@/hooks/use-regenerate";
import { SpinnerIcon } from "./icons";
import { TagList } from "./tag-list";

const KEPT_NAMES: Record<string, string> = { display_name: "title", tags: "tags", summary: "summary" };

/**
 * The agent's streamed steps, then the metadata now stored (or what went wrong). The API's
 * `complete` event reports what was stored, so fields the person chose to keep (`kept`) show
 * their own values, and the panel says they were kept.
 */
export function RegeneratePanel({
  state,
  kept = [],
  onDismiss,
}: {
  state: RegenerateState;
  kept?: string[];
  onDismiss: () => void;
}) {
  if (!state.running && state.steps.length === 0 && !state.result && !state.error) return null;
  return (
    <section className="agent" aria-label="Metadata agent" aria-busy={state.running}>
      <ol className="agent__steps">
        {state.steps.map((step) => (
          <li key={step.text} className="agent__step">
            {step.text}
          </li>
        ))}
        {state.running && (
          <li className="agent__step agent__step--status">
            <SpinnerIcon /> Working…
          </li>
        )}
      </ol>
      {state.result && (
        <div className="agent__result">
          <p data-testid="regenerate-result">
            <strong>{kept.length > 0 ? "Saved:" : "New metadata:"}</strong>{" "}
            {state.result.display_name}
          </p>
          {kept.length > 0 && (
            <p className="muted">
              Your {kept.map((field) => KEPT_NAMES[field] ?? field).join(", ")} stayed as you wrote{" "}
              {kept.length === 1 && kept[0] !== "tags" ? "it" : "them"}.
            </p>
          )}
          <TagList tags={state.result.tags} />
        </div>
      )}
      {state.error && (
        <p className="error-text" role="alert">
          {state.error}
        </p>
      )}
      {!state.running && (
        <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
          Close
        </button>
      )}
    </section>
  );
}
