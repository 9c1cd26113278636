/** Seeded random models for solver tests (no Math.random: every run sees the same models). */
import { ModelBuilder, type Model, type VarRef } from "../../src/milp/model";

/** A small deterministic PRNG (Park–Miller) returning numbers in (0, 1). */
export function lcg(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  const next = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 10; i++) next(); // small seeds start with tiny values: warm up
  return next;
}

/**
 * A multidimensional 0-1 knapsack: maximise Σ p_j x_j s.t. Σ w_ij x_j <= capacity_i; with
 * `items` ≥ 50 and `dims` ≥ 5 it takes HiGHS well over a second to prove optimality.
 */
export function multiKnapsack(seed: number, items: number, dims: number): Model {
  const rnd = lcg(seed);
  const b = new ModelBuilder(`mkp_${seed}_${items}x${dims}`);
  const x = b.addVariables("x", items, { type: "binary" });
  const weights: number[][] = [];
  for (let i = 0; i < dims; i++) {
    const w = x.map(() => 1 + Math.floor(rnd() * 100));
    weights.push(w);
    const total = w.reduce((s, v) => s + v, 0);
    b.addLe(`cap${i}`, x.map((xj, j) => [xj, w[j]] as const), Math.floor(total / 2));
  }
  // Profits correlated with weights make the problem hard.
  b.setObjective("maximize", x.map((xj, j) => [xj, weights.reduce((s, w) => s + w[j], 0) / dims + Math.floor(rnd() * 10)] as const));
  return b.build();
}

/**
 * A small random MILP with every feature the writers and solvers must handle: free, negative,
 * fixed and unbounded-above variables, binaries and general integers, equality, ranged and
 * one-sided rows, duplicate terms, an objective offset, either sense. Feasible by construction
 * (rows are centred on a random integral point inside the bounds) and bounded (every variable is
 * boxed by a row), so the optimum exists.
 */
export function mixedMilp(seed: number): Model {
  const rnd = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const b = new ModelBuilder(`mixed_${seed}`);
  const vars: VarRef[] = [];
  const point: number[] = []; // a feasible point every row is centred on
  const n = 6 + Math.floor(rnd() * 8);
  for (let j = 0; j < n; j++) {
    const kind = pick(["bin", "int", "cont", "free", "neg", "fixed"] as const);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    if (kind === "bin") {
      vars.push(b.addVariable(`b[${j}]`, { type: "binary" }));
      point.push(int(0, 1));
    } else if (kind === "int") {
      vars.push(b.addVariable(`n[${j}]`, { type: "integer", lb: -5, ub: 5 }));
      point.push(int(-5, 5));
    } else if (kind === "cont") {
      vars.push(b.addVariable(`c[${j}]`, { lb: 0, ub: 10 }));
      point.push(int(0, 10));
    } else if (kind === "free") {
      vars.push(b.addVariable(`f[${j}]`, { lb: -Infinity, ub: Infinity }));
      point.push(int(-10, 10));
    } else if (kind === "neg") {
      vars.push(b.addVariable(`g[${j}]`, { lb: -20, ub: -1 }));
      point.push(int(-20, -1));
    } else {
      vars.push(b.addVariable(`k[${j}]`, { lb: 2.5, ub: 2.5 }));
      point.push(2.5);
    }
  }
  const coef = (): number => Math.round((rnd() * 20 - 10) * 4) / 4 || 1;
  // Box every variable through rows so free variables stay bounded: -50 <= x_j <= 50.
  vars.forEach((v, j) => b.addRow(`box${j}`, [[v, 1]], -50, 50));
  const m = 3 + Math.floor(rnd() * 5);
  for (let i = 0; i < m; i++) {
    const terms: [VarRef, number][] = [];
    for (const v of vars) if (rnd() < 0.6) terms.push([v, coef()]);
    if (terms.length > 0 && rnd() < 0.3) terms.push([terms[0][0], coef()]); // duplicate term
    const centre = terms.reduce((sum, [v, c]) => sum + c * point[v], 0);
    const kind = pick(["le", "ge", "eq", "range"] as const);
    if (kind === "le") b.addLe(`r${i}`, terms, centre + Math.floor(rnd() * 5));
    else if (kind === "ge") b.addGe(`r${i}`, terms, centre - Math.floor(rnd() * 5));
    else if (kind === "eq") b.addEq(`r${i}`, terms, centre);
    else b.addRow(`r${i}`, terms, centre - 2, centre + 3);
  }
  b.setObjective(rnd() < 0.5 ? "minimize" : "maximize", vars.map((v) => [v, coef()] as const), Math.round(rnd() * 10));
  return b.build();
}
