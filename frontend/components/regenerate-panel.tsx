import type { RegenerateState } from "@/hooks/use-regenerate";
import { SpinnerIcon } from "./icons";
import { TagList } from "./tag-list";

const stepPrefix = { status: "", tool: "Tool: ", text: "" } as const;

/** The agent's streamed steps, then the metadata it produced (or what went wrong). */
export function RegeneratePanel({ state, onDismiss }: { state: RegenerateState; onDismiss: () => void }) {
  if (!state.running && state.steps.length === 0 && !state.result && !state.error) return null;
  return (
    <section className="agent" aria-label="Metadata agent" aria-busy={state.running}>
      <ol className="agent__steps" aria-live="polite">
        {state.steps.map((step, index) => (
          <li key={index} className={`agent__step agent__step--${step.kind}`}>
            {stepPrefix[step.kind]}
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
        <div className="agent__result" role="status">
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
