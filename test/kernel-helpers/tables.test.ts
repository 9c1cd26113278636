import { strict as assert } from "node:assert";
import { danfo } from "../../kernel-helpers/danfo";
import { comparisonTableHtml, dataFrameHtml, formatCell, tableHtml, thesisDifference } from "../../kernel-helpers/tables";

describe("kernel-helpers/tables", () => {
  it("renders rows as an escaped HTML table with numbers right-aligned", () => {
    const html = tableHtml([{ net: "DNN1", acc: 0.93456, ok: true }, { net: "<b>", acc: 1, ok: false }], { caption: "T & A" }).html;
    assert.equal(
      html,
      '<table class="relu-table"><caption>T &amp; A</caption><thead><tr><th>net</th><th>acc</th><th>ok</th></tr></thead>' +
        '<tbody><tr><td>DNN1</td><td class="num" style="text-align:right">0.9346</td><td>✓</td></tr>' +
        '<tr><td>&lt;b&gt;</td><td class="num" style="text-align:right">1</td><td>✗</td></tr></tbody></table>',
    );
  });

  it("renders a danfojs DataFrame from its columns and values", () => {
    const df = new (danfo().DataFrame)({ network: ["dnn1", "dnn2"], accuracy: [0.5, 0.25] });
    const html = dataFrameHtml(df, { digits: 2 }).html;
    assert.ok(html.includes("<thead><tr><th>network</th><th>accuracy</th></tr></thead>"), html);
    assert.ok(html.includes('<tr><td>dnn2</td><td class="num" style="text-align:right">0.25</td></tr>'), html);
  });

  it("refuses a row whose length does not match the header", () => {
    assert.throws(() => dataFrameHtml({ columns: ["a", "b"], values: [[1]] }), /row 0 has 1 cells, header has 2 columns/);
  });

  it("computes ours minus thesis, zero inside a thesis range", () => {
    assert.equal(thesisDifference(93, [92, 95]), 0);
    assert.equal(thesisDifference(90, [92, 95]), -2);
    assert.equal(thesisDifference(96.5, [92, 95]), 1.5);
    assert.equal(thesisDifference(84.5, 84), 0.5);
    assert.equal(thesisDifference(1, null), null);
  });

  it("lays out a thesis-vs-ours table with signed differences", () => {
    const html = comparisonTableHtml([
      { quantity: "DNN3 accuracy (%)", ours: 90.5, thesis: 84 },
      { quantity: "DNN1 accuracy (%)", ours: 93, thesis: [92, 95] },
    ]).html;
    assert.ok(html.includes("<th>quantity</th><th>ours</th><th>thesis</th><th>difference</th>"), html);
    assert.ok(html.includes("<tr><td>DNN3 accuracy (%)</td><td class=\"num\" style=\"text-align:right\">90.50</td><td class=\"num\" style=\"text-align:right\">84</td><td class=\"num\" style=\"text-align:right\">+6.50</td></tr>"), html);
    assert.ok(html.includes("<tr><td>DNN1 accuracy (%)</td><td class=\"num\" style=\"text-align:right\">93</td><td class=\"num\" style=\"text-align:right\">92–95</td><td class=\"num\" style=\"text-align:right\">0</td></tr>"), html);
    assert.equal(formatCell(Number.NaN), "NaN");
  });
});
