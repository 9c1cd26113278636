/**
 * MNIST images as plotly heatmaps (thesis Fig. 3/4 style): 28x28 grayscale, pixel 0 = black,
 * 1 = white, row 0 at the top, square pixels.
 */
import { Html } from "./html";
import { Json, PlotSpec, Trace, DEFAULT_CONFIG, plotHtml } from "./plotly";

/** One image with a caption shown above it (e.g. "label 7, predicted 7"). */
export interface CaptionedImage {
  /** Row-major pixels in [0, 1]; length width*height (784 for MNIST); every one a finite number. */
  readonly pixels: ArrayLike<number>;
  /** Text above the image; plotly's small HTML subset applies (e.g. `<sup>`, `<b>`), scripts are not run. */
  readonly caption: string;
}

/** Options for image figures. */
export interface ImageOptions {
  /** Image side in pixels (default 28, MNIST). */
  readonly side?: number;
  /** Figure title. */
  readonly title?: string;
  /** Displayed size of one image in screen pixels (default 160). */
  readonly cellSize?: number;
  /**
   * "gray" (default): pixels in [0, 1], 0 black, 1 white. "diverging": signed values such as a
   * perturbation x^0 − x̃^0 (thesis eq. (9), Appendix C) in [−1, 1], blue < 0 < red, 0 white.
   */
  readonly scale?: "gray" | "diverging";
}

const COLOR_SCALES = {
  gray: { zmin: 0, zmax: 1, colorscale: [[0, "#000000"], [1, "#ffffff"]] },
  diverging: { zmin: -1, zmax: 1, colorscale: [[0, "#2166ac"], [0.5, "#ffffff"], [1, "#b2182b"]] },
} as const;

/** Pixels as `side` rows of `side` values (plotly heatmap `z`), rounded to 4 decimals. */
export function pixelRows(pixels: ArrayLike<number>, side = 28): number[][] {
  if (!Number.isInteger(side) || side < 1) throw new Error(`side must be a positive integer, got ${side}`);
  if (pixels.length !== side * side) {
    throw new Error(`image has ${pixels.length} pixels, expected ${side}x${side} = ${side * side}`);
  }
  const rows: number[][] = [];
  for (let r = 0; r < side; r++) {
    const row: number[] = [];
    for (let c = 0; c < side; c++) {
      const v = pixels[r * side + c];
      // A NaN would silently become a blank (null) cell of the heatmap.
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`pixel ${r * side + c} (row ${r}, column ${c}) is ${String(v)}, not a finite number`);
      row.push(Math.round(v * 1e4) / 1e4);
    }
    rows.push(row);
  }
  return rows;
}

function heatmapTrace(pixels: ArrayLike<number>, side: number, axis: string, scale: "gray" | "diverging"): Trace {
  const suffix = axis === "1" ? "" : axis;
  const colors = COLOR_SCALES[scale];
  return {
    type: "heatmap",
    z: pixelRows(pixels, side),
    zmin: colors.zmin,
    zmax: colors.zmax,
    colorscale: colors.colorscale.map(([at, color]) => [at, color]),
    showscale: false,
    xaxis: `x${suffix}`,
    yaxis: `y${suffix}`,
    hovertemplate: "row %{y}, col %{x}: %{z}<extra></extra>",
  };
}

/**
 * Plot spec of a grid of captioned images, `columns` per row: one heatmap per image on its own
 * axes, y reversed (row 0 on top), equal aspect, captions as annotations above each image.
 */
export function imageGridSpec(images: readonly CaptionedImage[], columns = 5, options: ImageOptions = {}): PlotSpec {
  if (images.length === 0) throw new Error("imageGridSpec: no images");
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`imageGridSpec: columns must be a positive integer, got ${columns}`);
  const side = options.side ?? 28;
  const cell = options.cellSize ?? 160;
  if (!(cell > 0) || !Number.isFinite(cell)) throw new Error(`imageGridSpec: cellSize must be a positive number, got ${cell}`);
  const cols = Math.max(1, Math.min(columns, images.length));
  const rows = Math.ceil(images.length / cols);
  const gap = 0.04;
  const captionSpace = 28;
  const titleSpace = options.title === undefined ? 10 : 40;
  const width = cols * cell + 20;
  const height = rows * (cell + captionSpace) + titleSpace;
  const data: Trace[] = [];
  const layout: { [key: string]: PlotSpec["layout"][string] } = {
    width,
    height,
    margin: { l: 10, r: 10, t: titleSpace + captionSpace - 6, b: 10 },
    showlegend: false,
    plot_bgcolor: "#ffffff",
  };
  const annotations: Json[] = [];
  images.forEach((image, i) => {
    const axis = String(i + 1);
    const suffix = i === 0 ? "" : axis;
    const r = Math.floor(i / cols);
    const c = i % cols;
    const x0 = c / cols + gap / 2;
    const x1 = (c + 1) / cols - gap / 2;
    // The same margin above and below every row, so that every image gets the same size.
    const y1 = 1 - r / rows - gap;
    const y0 = 1 - (r + 1) / rows + gap;
    try {
      data.push(heatmapTrace(image.pixels, side, axis, options.scale ?? "gray"));
    } catch (e) {
      throw new Error(`images[${i}] ("${image.caption}"): ${(e as Error).message}`);
    }
    layout[`xaxis${suffix}`] = { domain: [x0, x1], visible: false, constrain: "domain", range: [-0.5, side - 0.5] };
    layout[`yaxis${suffix}`] = {
      domain: [y0, y1],
      visible: false,
      autorange: "reversed",
      scaleanchor: `x${suffix}`,
      scaleratio: 1,
      constrain: "domain",
    };
    annotations.push({
      text: image.caption,
      xref: "paper",
      yref: "paper",
      x: (x0 + x1) / 2,
      y: y1,
      yanchor: "bottom",
      showarrow: false,
      font: { size: 13 },
    });
  });
  layout.annotations = annotations;
  if (options.title !== undefined) layout.title = { text: options.title, x: 0.02, font: { size: 15 } };
  return { data, layout, config: { ...DEFAULT_CONFIG, responsive: false, staticPlot: false } };
}

/** One image (`imageGridSpec` with a single cell) as HTML. */
export function imageHtml(pixels: ArrayLike<number>, caption = "", options: ImageOptions = {}): Html {
  return plotHtml(imageGridSpec([{ pixels, caption }], 1, { cellSize: 240, ...options }));
}

/** A captioned grid of images (thesis Fig. 4 style) as HTML. */
export function imageGridHtml(images: readonly CaptionedImage[], columns = 5, options: ImageOptions = {}): Html {
  return plotHtml(imageGridSpec(images, columns, options));
}
