import { strict as assert } from "node:assert";
import { Notebook } from "../../src/notebook/format";
import { indexHtml, notebookNeedsPlotly, notebookTitle, notebookToHtml, outputToHtml } from "../../src/notebook/report-html";

const plotOutput = { output_type: "display_data" as const, metadata: {}, data: { "text/html": '<div id="p"></div><script>Plotly.newPlot("p",[],{})</script>' } };

function notebook(withPlots: number): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# Networks <3\nintro" },
      {
        cell_type: "code",
        metadata: { relu_milp: { seconds: 2.25 } },
        execution_count: 1,
        source: "console.log(1 < 2)",
        outputs: [{ output_type: "stream", name: "stdout", text: "true\u001b[0m\n" }, ...Array.from({ length: withPlots }, () => plotOutput)],
      },
      { cell_type: "code", metadata: {}, execution_count: 2, source: "throw 1", outputs: [{ output_type: "error", ename: "Error", evalue: "boom", traceback: ["Error: boom <here>", "  at cell"] }] },
    ],
  };
}

describe("notebook/report-html", () => {
  it("embeds the plotly library exactly once, and only when a plot needs it", () => {
    let calls = 0;
    const library = (): string => {
      calls += 1;
      return "<script>/*PLOTLY-LIBRARY*/</script>";
    };
    const summary = { name: "01-networks", title: "Networks <3", status: "ok" as const, seconds: 3, detail: "" };
    const withPlots = notebookToHtml(notebook(2), summary, library);
    assert.equal(withPlots.split("PLOTLY-LIBRARY").length - 1, 1);
    assert.ok(withPlots.indexOf("PLOTLY-LIBRARY") < withPlots.indexOf("</head>"));
    assert.equal(withPlots.split('Plotly.newPlot("p"').length - 1, 2);
    const without = notebookToHtml(notebook(0), summary, library);
    assert.ok(!without.includes("PLOTLY-LIBRARY"));
    assert.equal(calls, 1);
    assert.equal(notebookNeedsPlotly(notebook(0)), false);
  });

  it("shows sources, outputs (ANSI stripped), errors and timings, escaped", () => {
    const html = notebookToHtml(notebook(0), { name: "n", title: "t", status: "failed", seconds: 1, detail: "cell 3: Error: boom" }, () => "");
    assert.ok(html.includes('<pre class="source">console.log(1 &lt; 2)</pre>'), html);
    assert.ok(html.includes('<pre class="stdout">true\n</pre>'));
    assert.ok(html.includes('<pre class="error">Error: boom &lt;here&gt;\n  at cell</pre>'));
    assert.ok(html.includes("cell 2 [1] · 2.3 s"));
    assert.ok(html.includes('<span class="status-failed">failed: cell 3: Error: boom</span>'));
    assert.equal(notebookTitle(notebook(0), "x"), "Networks <3");
  });

  it("prefers HTML, then images, then plain text in display outputs", () => {
    assert.equal(outputToHtml({ output_type: "display_data", metadata: {}, data: { "text/plain": "a<b", "image/png": "AAAA\n" } }), '<img alt="" src="data:image/png;base64,AAAA">');
    assert.equal(outputToHtml({ output_type: "execute_result", metadata: {}, data: { "text/plain": ["a<", "b"] } }), "<pre>a&lt;b</pre>");
  });

  it("links every report from the index with its status", () => {
    const html = indexHtml([{ name: "00-start-here", title: "Start", status: "ok", seconds: 1.5, detail: "" }], "note");
    assert.ok(html.includes('<td><a href="00-start-here.html">00-start-here</a></td><td>Start</td><td class="status-ok">ok</td><td class="num">1.5 s</td>'), html);
  });
});
