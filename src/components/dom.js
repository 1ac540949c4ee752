// Elements built with DOM calls, for what is drawn hundreds of times per change (table cells,
// badges, score bars, sparklines). htl parses its template on every call, which made it most of a
// filter change's main-thread time on the health page (bench/RESULTS.md). Text is always added as
// text nodes, so names from the exports are shown as written, never read as HTML.
//
//   el("span", {class: "badge", title: "Tier S", style: {"--badge-color": "#5f3dc4"}}, "S")

const SVG = "http://www.w3.org/2000/svg";

/** An HTML element with attributes ({class, style: {...}, title, ...}; null/false are left out) and children. */
export function el(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

/** The same for SVG elements (svg, path, circle, title). */
export function svgEl(tag, attributes, ...children) {
  return build(document.createElementNS(SVG, tag), attributes, children);
}

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name === "style" && typeof value === "object") {
      for (const [property, v] of Object.entries(value)) if (v != null) node.style.setProperty(property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), String(v));
    } else node.setAttribute(name === "className" ? "class" : name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Appends children: nodes as they are, arrays flattened, null/undefined/false skipped, anything else as text. */
export function append(node, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
