import { strict as assert } from "node:assert";
import { inlineMarkdown, markdownToHtml, texToHtml } from "../../src/notebook/markdown";

describe("notebook/markdown", () => {
  it("converts headings, paragraphs, lists and fenced code", () => {
    const md = "# Title\n\nSome *text* and **bold**,\ncontinued.\n\n- one\n- two `x<y`\n\n1. first\n2. second\n\n```ts\nconst a = 1 < 2;\n```";
    assert.equal(
      markdownToHtml(md),
      [
        "<h1>Title</h1>",
        "<p>Some <em>text</em> and <strong>bold</strong>, continued.</p>",
        "<ul><li>one</li><li>two <code>x&lt;y</code></li></ul>",
        "<ol><li>first</li><li>second</li></ol>",
        '<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
      ].join("\n"),
    );
  });

  it("renders pipe tables, links and math without letting markup through", () => {
    const html = markdownToHtml("| notebook | thesis |\n|---|---|\n| [01](01-networks.html) | 3.1, eq. $(1)$ |\n\n<script>alert(1)</script>");
    assert.ok(html.includes('<table class="md-table"><thead><tr><th>notebook</th><th>thesis</th></tr></thead>'), html);
    assert.ok(html.includes('<td><a href="01-networks.html">01</a></td><td>3.1, eq. <span class="math">(1)</span></td>'), html);
    assert.ok(html.includes("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"), html);
  });

  it("keeps an escaped pipe inside its table cell", () => {
    const html = markdownToHtml("| Approach | Σ\\|p_j − 1\\| | Σ\\|q_j\\| |\n|---|---:|---:|\n| GP | 573 | 745 |");
    assert.ok(html.includes("<thead><tr><th>Approach</th><th>Σ|p_j − 1|</th><th>Σ|q_j|</th></tr></thead>"), html);
    assert.ok(html.includes("<tr><td>GP</td><td>573</td><td>745</td></tr>"), html);
  });

  it("renders inline TeX of the thesis' equations readably", () => {
    assert.equal(texToHtml("x^k = \\sigma(W^{k-1} x^{k-1} + b^{k-1})"), "x<sup>k</sup> = σ(W<sup>k-1</sup> x<sup>k-1</sup> + b<sup>k-1</sup>)");
    assert.equal(texToHtml("z \\in \\{0, 1\\}, M^+ \\le 2 < 3, \\mathrm{ReLU}"), "z ∈ {0, 1}, M<sup>+</sup> ≤ 2 &lt; 3, ReLU");
    assert.equal(texToHtml("(\\tilde d + 5) \\bmod 10, \\bar{x} \\ne \\hat x, t = 1 \\Rightarrow y \\ge 1.2\\, x"), "(d\u0303 + 5) mod 10, x\u0304 ≠ x\u0302, t = 1 ⇒ y ≥ 1.2  x");
  });

  it("keeps snake_case and x_j intact and neutralises javascript: links", () => {
    assert.equal(inlineMarkdown("run_notebook and $x_j^k$"), 'run_notebook and <span class="math">x<sub>j</sub><sup>k</sup></span>');
    assert.equal(inlineMarkdown("[x](javascript:void)"), "<a href=\"#\">x</a>");
    assert.equal(inlineMarkdown("[see](./$x$)"), '<a href="#">see</a>', "math inside a URL would break the href");
  });

  it("starts a new list where the kind of item changes", () => {
    assert.equal(markdownToHtml("1. one\n2. two\n- dash"), "<ol><li>one</li><li>two</li></ol>\n<ul><li>dash</li></ul>");
    assert.equal(markdownToHtml("- a\n  continued\n- b"), "<ul><li>a continued</li><li>b</li></ul>");
  });

  it("takes a heading's level from its hashes, whatever space follows", () => {
    assert.equal(markdownToHtml("#\tTab heading"), "<h1>Tab heading</h1>");
    assert.equal(markdownToHtml("###  Two spaces"), "<h3>Two spaces</h3>");
  });
});
