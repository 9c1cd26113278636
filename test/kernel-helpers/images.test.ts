import { strict as assert } from "node:assert";
import { imageGridSpec, imageHtml, pixelRows } from "../../kernel-helpers/images";

function ramp(side: number): number[] {
  return Array.from({ length: side * side }, (_, i) => i / (side * side - 1));
}

describe("kernel-helpers/images", () => {
  it("reshapes row-major pixels into rows (row 0 first)", () => {
    assert.deepEqual(pixelRows([0, 0.25, 0.5, 1], 2), [[0, 0.25], [0.5, 1]]);
    assert.throws(() => pixelRows([0, 1, 2], 2), /3 pixels, expected 2x2 = 4/);
  });

  it("rejects bad columns, sides and pixels, naming the image", () => {
    const ok = { pixels: new Array(784).fill(0.5), caption: "fine" };
    assert.throws(() => imageGridSpec([ok], 2.5), /columns must be a positive integer, got 2.5/);
    assert.throws(() => imageGridSpec([ok], Number.NaN), /columns must be a positive integer, got NaN/);
    assert.throws(() => imageGridSpec([ok, { pixels: [1, 2, 3], caption: "short" }]), /images\[1\] \("short"\): image has 3 pixels/);
    const nan = ok.pixels.map((v, j) => (j === 30 ? Number.NaN : v));
    assert.throws(() => imageGridSpec([{ pixels: nan, caption: "nan" }]), /images\[0\] \("nan"\): pixel 30 \(row 1, column 2\) is NaN/);
    assert.throws(() => pixelRows([], 0), /side must be a positive integer, got 0/);
  });

  it("draws a captioned grid of grayscale heatmaps, y reversed, equal aspect", () => {
    const spec = imageGridSpec([{ pixels: ramp(3), caption: "label 7" }, { pixels: ramp(3), caption: "pred <1>" }], 2, { side: 3, title: "digits" });
    assert.equal(spec.data.length, 2);
    assert.deepEqual(spec.data[0].z, [[0, 0.125, 0.25], [0.375, 0.5, 0.625], [0.75, 0.875, 1]]);
    assert.deepEqual(spec.data[0].colorscale, [[0, "#000000"], [1, "#ffffff"]]);
    assert.equal(spec.data[0].zmin, 0);
    assert.equal(spec.data[0].zmax, 1);
    assert.equal(spec.data[1].xaxis, "x2");
    assert.equal(spec.data[1].yaxis, "y2");
    const y2 = spec.layout.yaxis2 as { autorange: string; scaleanchor: string };
    assert.equal(y2.autorange, "reversed");
    assert.equal(y2.scaleanchor, "x2");
    const captions = (spec.layout.annotations as { text: string }[]).map((a) => a.text);
    assert.deepEqual(captions, ["label 7", "pred <1>"]);
  });

  it("gives every image of a multi-row grid the same height and width", () => {
    const images = Array.from({ length: 7 }, (_, i) => ({ pixels: ramp(28), caption: `image ${i}` }));
    const layout = imageGridSpec(images, 3).layout as Record<string, { domain?: number[] }>;
    const span = (axis: string): number => layout[axis].domain![1] - layout[axis].domain![0];
    const heights = images.map((_, i) => span(i === 0 ? "yaxis" : `yaxis${i + 1}`));
    const widths = images.map((_, i) => span(i === 0 ? "xaxis" : `xaxis${i + 1}`));
    for (const h of heights) assert.ok(Math.abs(h - heights[0]) < 1e-12, heights.join(", "));
    for (const w of widths) assert.ok(Math.abs(w - widths[0]) < 1e-12, widths.join(", "));
    assert.ok(layout.yaxis7.domain![0] >= 0 && layout.yaxis.domain![1] <= 1);
  });

  it("draws signed perturbations on a diverging scale centred at 0", () => {
    const spec = imageGridSpec([{ pixels: [-0.5, 0, 0.25, 1], caption: "x - x~" }], 1, { side: 2, scale: "diverging" });
    assert.equal(spec.data[0].zmin, -1);
    assert.equal(spec.data[0].zmax, 1);
    assert.deepEqual(spec.data[0].colorscale, [[0, "#2166ac"], [0.5, "#ffffff"], [1, "#b2182b"]]);
    assert.deepEqual(spec.data[0].z, [[-0.5, 0], [0.25, 1]]);
  });

  it("emits a plot div and a Plotly.newPlot script without a closable </script>", () => {
    const out = imageHtml(ramp(28), "a </script> caption");
    assert.equal(out.needsPlotly, true);
    assert.match(out.html, /^<div class="relu-plot" id="plot-[\w-]+" style="min-height:\d+px"><\/div>\n<script>/);
    assert.ok(out.html.includes("window.Plotly.newPlot(el,spec.data,spec.layout,spec.config)"));
    assert.equal(out.html.split("</script>").length, 2, "only the closing tag of the script itself");
    assert.ok(out.html.includes("\\u003c/script> caption"));
  });
});
