// A compact multiple choice for the filter bar: one line ("Owner: All ▾") that opens a list of
// checkboxes, with a search box when the list is long. Its value is the chosen options (an empty
// array means "all"); it fires "input" on every change, like Observable Inputs, so Inputs.form and
// Framework's view() take it as one of theirs. Escape or a click elsewhere closes the list.
import {html} from "htl";

/** The summary line for the chosen texts: "All", "Alice Wong", "Alice Wong +2". */
export function choiceSummary(texts, {all = "All"} = {}) {
  if (!texts.length) return all;
  return texts.length === 1 ? texts[0] : `${texts[0]} +${texts.length - 1}`;
}

let count = 0; // multiSelects on the page, for their ids

/**
 * @param {unknown[]} options the values to choose from
 * @param {{label: string, value?: unknown[], format?: (value: unknown) => string, all?: string}} settings
 */
export function multiSelect(options, {label, value = [], format = String, all = "All"} = {}) {
  const boxes = options.map((option) => html`<input type="checkbox">`);
  const rows = options.map((option, i) => html`<label class="pulse-multi-option">${boxes[i]}<span>${format(option)}</span></label>`);
  const summary = html`<summary class="pulse-multi-summary"></summary>`;
  const search = options.length > 8 ? html`<input type="search" class="pulse-multi-search" placeholder="Find…" aria-label=${`find ${label}`}>` : null;
  const clear = html`<button type="button" class="pulse-multi-clear">Clear</button>`;
  const details = html`<details class="pulse-multi-details">${summary}<div class="pulse-multi-menu">
    <div class="pulse-multi-tools">${search}${clear}</div>
    <div class="pulse-multi-list">${rows}</div>
  </div></details>`;
  // the label names the summary (a button to assistive technology): "Owner, All"
  const id = `pulse-multi-${++count}`;
  summary.id = `${id}-summary`;
  summary.setAttribute("aria-labelledby", `${id}-label ${id}-summary`);
  const form = html`<form class="pulse-multi"><span class="pulse-multi-label" id=${`${id}-label`} onclick=${() => (details.open = !details.open)}>${label}</span>${details}</form>`;
  form.onsubmit = (event) => event.preventDefault();
  // Escape closes the list, as it closes a select, and gives the focus back to the summary
  details.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !details.open) return;
    event.preventDefault();
    event.stopPropagation();
    details.open = false;
    summary.focus();
  });

  const chosen = () => options.filter((_, i) => boxes[i].checked);
  const show = () => {
    const texts = chosen().map(format);
    summary.textContent = choiceSummary(texts, {all});
    summary.title = texts.join(", ");
    form.classList.toggle("active", texts.length > 0);
  };
  const changed = () => {
    show();
    form.dispatchEvent(new Event("input", {bubbles: true}));
  };
  for (const box of boxes) box.addEventListener("change", changed);
  // the checkbox's own "input" event would reach the filter bar before the value changed: keep it in here
  for (const box of boxes) box.addEventListener("input", (event) => event.stopPropagation());
  clear.onclick = () => {
    if (!boxes.some((box) => box.checked)) return;
    for (const box of boxes) box.checked = false;
    changed();
  };
  if (search) {
    search.addEventListener("input", (event) => {
      event.stopPropagation();
      const words = search.value.toLowerCase();
      rows.forEach((row, i) => (row.hidden = !String(format(options[i])).toLowerCase().includes(words)));
    });
  }
  // a click elsewhere closes the list, as a select does
  document.addEventListener("click", (event) => {
    if (details.open && !details.contains(event.target)) details.open = false;
  });

  Object.defineProperty(form, "value", {
    get: chosen,
    set(values = []) {
      const wanted = new Set(values);
      boxes.forEach((box, i) => (box.checked = wanted.has(options[i])));
      show();
    }
  });
  form.value = value;
  return form;
}
