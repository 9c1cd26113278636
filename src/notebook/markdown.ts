/**
 * A small Markdown-to-HTML converter for notebook text cells in the HTML reports: ATX headings,
 * paragraphs, bullet and numbered lists (one level), fenced code, block quotes, pipe tables,
 * horizontal rules, and inline code, **bold**, *italic*, [links](url). Math ($...$) is kept as
 * plain text in a `<span class="math">` (no TeX rendering offline). Everything else is escaped, so a cell cannot inject markup.
 */
import { escapeHtml } from "../../kernel-helpers/html";

function safeUrl(url: string): string {
  // A code or math placeholder inside a URL would put markup into the href: no link target then.
  if (url.includes("\u0000")) return "#";
  return /^(https?:|mailto:|#|\.{0,2}\/|[\w.-]+(\/|\.html|\.ipynb|\.md|#|$))/i.test(url) ? url : "#";
}

const TEX_SYMBOLS: Readonly<Record<string, string>> = {
  sigma: "σ", delta: "δ", Delta: "Δ", gamma: "γ", alpha: "α", beta: "β", epsilon: "ε", lambda: "λ",
  le: "≤", leq: "≤", ge: "≥", geq: "≥", neq: "≠", in: "∈", notin: "∉", cdot: "·", times: "×",
  infty: "∞", cup: "∪", cap: "∩", setminus: "∖", sum: "Σ", dots: "…", ldots: "…", to: "→",
  max: "max", min: "min", bmod: "mod", mid: "|", quad: " ", "{": "{", "}": "}",
  ne: "≠", Rightarrow: "⇒", odot: "⊙", approx: "≈",
};

/** Accents as combining characters after their letter: \tilde d → d̃, \bar{x} → x̄, \hat x → x̂. */
const TEX_ACCENTS: Readonly<Record<string, string>> = { tilde: "\u0303", bar: "\u0304", hat: "\u0302" };

/**
 * A light rendering of inline TeX for offline reports: Greek letters and relations as Unicode,
 * `\mathrm{X}`/`\text{X}` as X, `\mathbb{R}` as ℝ, accents (`\tilde d`, `\bar{x}`) as combining
 * characters, `^{..}`/`_{..}` as super/subscripts.
 */
export function texToHtml(tex: string): string {
  let out = escapeHtml(tex);
  out = out.replace(/\\mathbb\{R\}/g, "ℝ").replace(/\\(?:mathrm|text|mathit|operatorname)\{([^{}]*)\}/g, "$1");
  out = out.replace(/\\(tilde|bar|hat)\s*(?:\{([A-Za-z0-9])\}|([A-Za-z0-9]))/g, (_m, accent: string, braced: string | undefined, bare: string | undefined) => `${braced ?? bare}${TEX_ACCENTS[accent]}`);
  out = out.replace(/\\([A-Za-z]+|[{}])/g, (m, name: string) => TEX_SYMBOLS[name] ?? m).replace(/\\[,;:!]/g, " ");
  out = out.replace(/\^\{([^{}]*)\}/g, "<sup>$1</sup>").replace(/_\{([^{}]*)\}/g, "<sub>$1</sub>");
  return out.replace(/\^([A-Za-z0-9+\-*])/g, "<sup>$1</sup>").replace(/_([A-Za-z0-9])/g, "<sub>$1</sub>");
}

/** Convert inline Markdown (code spans, bold, italic, links) in one line of text. */
export function inlineMarkdown(text: string): string {
  const codes: string[] = [];
  let out = text.replace(/`([^`]+)`/g, (_m, code: string) => {
    codes.push(`<code>${escapeHtml(code)}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  out = out.replace(/\$([^$\n]+)\$/g, (_m, math: string) => {
    codes.push(`<span class="math">${texToHtml(math)}</span>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  out = escapeHtml(out);
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => `<a href="${escapeHtml(safeUrl(url.replace(/&amp;/g, "&")))}">${label}</a>`);
  out = out.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  out = out.replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>");
  out = out.replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, "$1<em>$2</em>");
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
}

function tableCells(line: string): string[] {
  // A pipe escaped as \| belongs to the cell (GitHub's rule), e.g. Σ\|p_j − 1\|.
  const inner = line.trim().replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

const BLOCK_START = /^(#{1,6}\s|```|>\s?|\s*[-*+]\s|\s*\d+[.)]\s|\|)/;

/** Convert a Markdown document (one notebook cell) to HTML. */
export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  const html: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i += 1;
    } else if (line.startsWith("```")) {
      const lang = line.slice(3).trim();
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i].startsWith("```")) body.push(lines[i++]);
      i += 1;
      const cls = lang === "" ? "" : ` class="language-${escapeHtml(lang)}"`;
      html.push(`<pre><code${cls}>${escapeHtml(body.join("\n"))}</code></pre>`);
    } else if (/^#{1,6}\s/.test(line)) {
      const level = /^#+/.exec(line)![0].length; // "#\tTitle" too: the hashes, not the first space
      html.push(`<h${level}>${inlineMarkdown(line.slice(level).trim())}</h${level}>`);
      i += 1;
    } else if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      html.push("<hr>");
      i += 1;
    } else if (/^>\s?/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) body.push(lines[i++].replace(/^>\s?/, ""));
      html.push(`<blockquote>${markdownToHtml(body.join("\n"))}</blockquote>`);
    } else if (line.trim().startsWith("|") && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
      const header = tableCells(line);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) rows.push(tableCells(lines[i++]));
      const head = header.map((h) => `<th>${inlineMarkdown(h)}</th>`).join("");
      const body = rows.map((r) => `<tr>${r.map((c) => `<td>${inlineMarkdown(c)}</td>`).join("")}</tr>`).join("");
      html.push(`<table class="md-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`);
    } else if (/^\s*([-*+]|\d+[.)])\s/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const marker = ordered ? /^\s*\d+[.)]\s/ : /^\s*[-*+]\s/;
      const otherKind = ordered ? /^\s*[-*+]\s/ : /^\s*\d+[.)]\s/;
      const items: string[] = [];
      // A list ends at a blank line or where an item of the other kind starts a new list.
      while (i < lines.length && lines[i].trim() !== "" && !(items.length > 0 && otherKind.test(lines[i]))) {
        if (marker.test(lines[i])) items.push(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
        else items[items.length - 1] += " " + lines[i].trim();
        i += 1;
      }
      const tag = ordered ? "ol" : "ul";
      html.push(`<${tag}>${items.map((it) => `<li>${inlineMarkdown(it)}</li>`).join("")}</${tag}>`);
    } else {
      const body: string[] = [line];
      i += 1;
      while (i < lines.length && lines[i].trim() !== "" && !BLOCK_START.test(lines[i])) body.push(lines[i++]);
      html.push(`<p>${inlineMarkdown(body.join(" ").trim())}</p>`);
    }
  }
  return html.join("\n");
}
