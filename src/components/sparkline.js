// A word-sized line of weekly activity for a table cell: oldest week on the left, the latest on
// the right, the last point marked. Every line in a table shares nothing but its own scale (it shows
// the shape of the trend, not the size; the number next to it gives the size).
import {svgEl} from "./dom.js";

/**
 * The SVG path of values (numbers; missing ones are skipped) across width × height with a margin
 * for the end dot. A flat series is drawn along the middle; an all-zero series along the bottom.
 * Returns {d, last: [x, y] | null}.
 */
export function sparklinePath(values, {width = 100, height = 20, margin = 2} = {}) {
  const points = values.map((value, i) => [i, value]).filter(([, value]) => value != null && Number.isFinite(value));
  if (!points.length) return {d: "", last: null};
  const max = Math.max(...points.map(([, v]) => v));
  const min = Math.min(0, ...points.map(([, v]) => v));
  const x = (i) => margin + (values.length > 1 ? (i / (values.length - 1)) * (width - 2 * margin) : (width - 2 * margin) / 2);
  const y = (v) => (max === min ? (max === 0 ? height - margin : height / 2) : margin + (1 - (v - min) / (max - min)) * (height - 2 * margin));
  const round = (n) => Math.round(n * 10) / 10;
  const coords = points.map(([i, v]) => [round(x(i)), round(y(v))]);
  const d = coords.map(([px, py], k) => `${k ? "L" : "M"}${px},${py}`).join("");
  return {d, last: coords[coords.length - 1]};
}

/**
 * A sparkline element. values: numbers, oldest first. title: the text a pointer shows (e.g. the
 * weekly numbers); partialLast: the last value covers part of a period (the current week), so it is
 * drawn hollow.
 */
export function sparkline(values, {width = 80, height = 22, color = "currentColor", title, partialLast = false} = {}) {
  const {d, last} = sparklinePath(values, {width, height});
  return svgEl("svg", {class: "sparkline", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title ?? "trend"},
    title ? svgEl("title", null, title) : null,
    svgEl("path", {d, fill: "none", stroke: color, "stroke-width": 1.5, "stroke-linejoin": "round", "stroke-linecap": "round"}),
    last ? svgEl("circle", {cx: last[0], cy: last[1], r: 2, fill: partialLast ? "white" : color, stroke: color, "stroke-width": 1}) : null);
}
