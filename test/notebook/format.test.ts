import { strict as assert } from "node:assert";
import { joinText, parseNotebook, splitLines, stripOutputs } from "../../src/notebook/format";

describe("notebook/format", () => {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: ["# T\n", "text"] },
      { cell_type: "code", metadata: { relu_milp: { seconds: 1 }, tag: "keep" }, execution_count: 3, outputs: [{ output_type: "stream", name: "stdout", text: "x" }], source: "1" },
    ],
  };

  it("joins and splits nbformat multi-line text", () => {
    assert.equal(joinText(["a\n", "b"]), "a\nb");
    assert.deepEqual(splitLines("a\nb\n"), ["a\n", "b\n"]);
    assert.deepEqual(splitLines(""), []);
  });

  it("names the file and the bad field when a notebook is malformed", () => {
    assert.throws(() => parseNotebook({ nbformat: 3, cells: [] }, "x.ipynb"), /x\.ipynb: nbformat is 3, expected 4/);
    assert.throws(() => parseNotebook({ nbformat: 4, cells: [{ cell_type: "graph", source: "" }] }, "y.ipynb"), /y\.ipynb: cells\[0\]\.cell_type is graph/);
    assert.throws(() => parseNotebook({ nbformat: 4, cells: [{ cell_type: "code", source: 3 }] }, "z.ipynb"), /cells\[0\]\.source/);
  });

  it("strips outputs, execution counts and run times but keeps other metadata", () => {
    const stripped = stripOutputs(parseNotebook(notebook, "n.ipynb"));
    const cell = stripped.cells[1];
    assert.equal(cell.cell_type, "code");
    if (cell.cell_type !== "code") return;
    assert.deepEqual(cell.outputs, []);
    assert.equal(cell.execution_count, null);
    assert.deepEqual(cell.metadata, { tag: "keep" });
  });
});
