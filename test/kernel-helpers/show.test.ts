import { strict as assert } from "node:assert";
import { progressHtml, show, startProgress } from "../../kernel-helpers/show";
import { lineChartHtml } from "../../kernel-helpers/charts";
import { REPORT_RUN_ENV } from "../../kernel-helpers/config";

type Bundle = { data: Record<string, string>; transient: { display_id?: string } };

describe("kernel-helpers/show", () => {
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  const displayed: { bundle: Bundle; update: boolean | undefined }[] = [];
  let savedEnv: string | undefined;

  beforeEach(() => {
    displayed.length = 0;
    savedEnv = process.env[REPORT_RUN_ENV];
    delete process.env[REPORT_RUN_ENV];
    delete (globalThis as Record<string, unknown>).__reluMilpPlotlyShown;
    jupyter.lastWriteDisplayData = (bundle: Bundle, update?: boolean): void => {
      displayed.push({ bundle, update });
    };
  });
  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
    if (savedEnv === undefined) delete process.env[REPORT_RUN_ENV];
    else process.env[REPORT_RUN_ENV] = savedEnv;
  });

  it("displays plotly.js once per kernel session, before the first plot", () => {
    show(lineChartHtml([{ name: "a", x: [1], y: [1] }]));
    show(lineChartHtml([{ name: "b", x: [1], y: [2] }]), "caption <x>");
    assert.equal(displayed.length, 3);
    assert.ok(displayed[0].bundle.data["text/html"].length > 1_000_000, "first output is the plotly library");
    assert.ok(displayed[0].bundle.data["text/html"].includes("window.define=undefined"));
    assert.ok(displayed[1].bundle.data["text/html"].includes("Plotly.newPlot"));
    assert.ok(displayed[2].bundle.data["text/html"].endsWith("<p>caption &lt;x&gt;</p>"));
  });

  it("leaves plotly.js to the report page under npm run replicate", () => {
    process.env[REPORT_RUN_ENV] = "1";
    show(lineChartHtml([{ name: "a", x: [1], y: [1] }]));
    assert.equal(displayed.length, 1);
    assert.ok(displayed[0].bundle.data["text/html"].includes("Plotly.newPlot"));
  });

  it("overwrites one display entry with live progress", () => {
    const progress = startProgress("solving");
    progress.update(1, 4, "DNN1");
    progress.finish();
    assert.equal(displayed.length, 2);
    assert.equal(displayed[1].update, true);
    assert.equal(displayed[0].bundle.transient.display_id, displayed[1].bundle.transient.display_id);
    assert.ok(displayed[0].bundle.data["text/html"].includes("solving: 1/4 (25 %)"));
    assert.ok(displayed[1].bundle.data["text/html"].includes("solving: done, 1/4 in"));
    assert.equal(progressHtml("x", 0, 0, 1.25).html, '<div class="relu-progress"><progress max="0" value="0"></progress> x: 0/0 (0 %) · 1.3 s</div>');
  });

  it("explains that show needs a kernel when there is none", () => {
    jupyter.lastWriteDisplayData = null;
    assert.throws(() => show("x"), /show\(\): no notebook to display into \(Not ready\)/);
  });
});
