// What a chart or a table shows when the filters leave it nothing: a short note saying why, in its place.
import {html} from "htl";

/** A short note in place of a chart that has nothing to show, saying why. */
export function emptyState(reason) {
  return html`<div class="empty-state" role="status">${reason}</div>`;
}
