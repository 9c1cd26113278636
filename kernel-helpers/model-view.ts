/**
 * Views of a built MILP (`src/milp/model.ts`) for notebook 02: the rows a variable appears in,
 * written out with the variables' names, and the neurons' phases per layer under a bound set.
 */
import { neuronPhases, type NetworkBounds } from "../src/bounds/types";
import type { Network } from "../src/dnn/network";
import type { Model, Row as ModelRow, VarRef } from "../src/milp/model";
import { escapeHtml, rawHtml, type Html } from "./html";
import type { Row } from "./tables";

/** One row as `name: lb <= 1 x[2][3] − 0.5 s[2][3] … <= ub`, at most `maxTerms` terms shown. */
export function rowText(model: Model, row: ModelRow, maxTerms = 6): string {
  const shown = row.terms.slice(0, maxTerms).map((t, i) => {
    const sign = t.coef < 0 ? "− " : i === 0 ? "" : "+ ";
    return `${sign}${Number(Math.abs(t.coef).toPrecision(6))} ${model.variables[t.v].name}`;
  });
  const more = row.terms.length > maxTerms ? [`+ … (${row.terms.length - maxTerms} more terms)`] : [];
  const expr = [...shown, ...more].join(" ");
  const num = (v: number): string => String(Number(v.toPrecision(6)));
  if (row.lb === row.ub) return `${row.name}: ${expr} = ${num(row.ub)}`;
  const left = Number.isFinite(row.lb) ? `${num(row.lb)} <= ` : "";
  const right = Number.isFinite(row.ub) ? ` <= ${num(row.ub)}` : "";
  return `${row.name}: ${left}${expr}${right}`;
}

/** Every row of `model` that contains variable `v`, one per line (see {@link rowText}), as a `<pre>` block. */
export function rowsOfVariableHtml(model: Model, v: VarRef, maxTerms = 6): Html {
  const lines = model.rows.filter((r) => r.terms.some((t) => t.v === v)).map((r) => rowText(model, r, maxTerms));
  const head = `${model.variables[v].name} in [${model.variables[v].lb}, ${model.variables[v].ub}], ${model.variables[v].type}`;
  return rawHtml(`<pre>${escapeHtml([head, ...lines].join("\n"))}</pre>`);
}

/**
 * Per layer of a bound set: how many neurons are active / inactive (no binary) and which are
 * unstable; a linear layer has no binaries at all and says so.
 */
export function phaseRows(net: Pick<Network, "layers">, bounds: Pick<NetworkBounds, "layers">): Row[] {
  return bounds.layers.map((layer, k): Row => {
    if (net.layers[k].activation !== "relu") return { layer: k + 1, active: "–", inactive: "–", "unstable (binary z)": "none (linear layer)" };
    const phases = neuronPhases(layer);
    const unstable = phases.flatMap((p, j) => (p === "unstable" ? [j] : []));
    return {
      layer: k + 1,
      active: phases.filter((p) => p === "active").length,
      inactive: phases.filter((p) => p === "inactive").length,
      "unstable (binary z)": unstable.length === 0 ? "none" : unstable.join(", "),
    };
  });
}
