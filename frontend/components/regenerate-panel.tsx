import type { RegenerateState } from "@/hooks/use-regenerate";
import { SpinnerIcon } from "./icons";
import { TagList } from "./tag-list";

/** The agent's streamed steps, then the metadata it produced (or what went wrong). */
export function RegeneratePanel({ state, onDismiss }: { state: RegenerateState; onDismiss: () => void }) {
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
          <p>
            <strong>New metadata:</strong> {state.result.display_name}
          </p>
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
