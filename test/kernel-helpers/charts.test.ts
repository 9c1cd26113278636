import { strict as assert } from "node:assert";
import { barChartSpec, lineChartSpec } from "../../kernel-helpers/charts";

describe("kernel-helpers/charts", () => {
  it("builds line traces and axis titles", () => {
    const spec = lineChartSpec([{ name: "time", x: [1, 2], y: [0.5, 3] }], { xTitle: "DNN", yTitle: "s", logY: true });
    assert.deepEqual(spec.data, [{ type: "scatter", mode: "lines+markers", name: "time", x: [1, 2], y: [0.5, 3] }]);
    assert.deepEqual(spec.layout.yaxis, { title: { text: "s" }, type: "log" });
  });

  it("groups bars and rejects series of unequal length", () => {
    const bars = barChartSpec([{ name: "a", x: ["0", "1"], y: [1, 2] }], { xTitle: "digit" });
    assert.equal(bars.layout.barmode, "group");
    assert.deepEqual(bars.layout.xaxis, { title: { text: "digit" }, type: "category" }, "string x values are categories");
    assert.throws(() => barChartSpec([{ name: "bad", x: [1, 2], y: [1] }]), /series "bad": 2 x values but 1 y values/);
  });
});
