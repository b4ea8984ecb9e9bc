import type { ProblemJson, StudyJson } from "@rectune/api-contract";
import { useState } from "react";
import { useLocation } from "wouter";
import { ApiError, api } from "../api/client";

const EXAMPLE = `name: branin-tpe
objective: { metric: value, direction: minimize }
target: { kind: function, name: branin }
space:
  x0: { type: float, low: -5, high: 10 }
  x1: { type: float, low: 0, high: 15 }
strategy:
  sampler: auto
  maxTrials: 30
  parallelism: 2
`;

type Problem = NonNullable<ProblemJson["errors"]>[number];

/**
 * A study from a pasted YAML or JSON spec. The text goes to the API as is (application/yaml), which
 * parses it as `rectune submit` parses a file; each field error comes back with its line, shown next to
 * that line of the text and listed below it.
 */
export function NewStudy({ onCancel }: { onCancel: () => void }) {
  const [, navigate] = useLocation();
  const [text, setText] = useState(EXAMPLE);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setProblems([]);
    setFailure(undefined);
    try {
      const study = await api<StudyJson>("/v1/studies", {
        method: "POST",
        body: text,
        contentType: "application/yaml",
      });
      navigate(`/studies/${study.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.problem?.errors?.length) setProblems(e.problem.errors);
      else setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const lines = text.split("\n");
  const byLine = new Map<number, Problem[]>();
  for (const p of problems) if (p.line) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);

  return (
    <section className="card new-study" aria-label="New study">
      <h2>New study</h2>
      <p className="note">Paste a study spec (YAML or JSON, as for `rectune submit`).</p>
      <div className="editor">
        <div className="gutter" aria-hidden="true">
          {lines.map((_, i) => (
            <div
              key={i}
              className={byLine.has(i + 1) ? "line-error" : ""}
              title={byLine
                .get(i + 1)
                ?.map((p) => p.message)
                .join("; ")}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          aria-label="Study spec"
          aria-invalid={problems.length > 0}
          aria-describedby="spec-problems"
          spellCheck={false}
          value={text}
          rows={Math.max(12, lines.length + 1)}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <ul id="spec-problems" className="problems" aria-label="Spec errors">
        {problems.map((p, i) => (
          <li key={i} role="alert">
            {p.line ? <span className="badge state-FAILED">line {p.line}</span> : null}{" "}
            <code>{p.field || "(spec)"}</code>: {p.message}
          </li>
        ))}
      </ul>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void submit()} disabled={busy}>
          Create study
        </button>
        <button type="button" onClick={onCancel} className="secondary">
          Cancel
        </button>
      </div>
    </section>
  );
}
