// How Pulse writes numbers and dates on every page: one place, so $1.2M means the same everywhere.
// Missing values (null, undefined, NaN) are written as an en dash.

const MISSING = "–";
const MINUS = "−"; // U+2212, as d3 and Plot write negative numbers

const missing = (value) => value == null || (typeof value === "number" && Number.isNaN(value));
const sign = (value) => (value < 0 ? MINUS : "");
const trim = (text) => text.replace(/\.0$/, "");

/** ARR and other amounts: $1.2M, $850k, $9.5k, $420, $3.1B. */
// Number#toLocaleString builds a formatter on every call (~0.1 ms each, hundreds per table draw):
// one formatter per number of fraction digits instead.
const integerFormat = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});
const fixedFormats = new Map();
function fixed(value, digits) {
  let format = fixedFormats.get(digits);
  if (!format) fixedFormats.set(digits, (format = new Intl.NumberFormat("en-US", {minimumFractionDigits: digits, maximumFractionDigits: digits})));
  return format.format(value);
}

export function formatMoney(value) {
  if (missing(value)) return MISSING;
  const amount = Math.abs(value);
  const thousands = amount / 1e3;
  const millions = amount / 1e6;
  let text;
  if (Math.round(millions * 10) / 10 >= 1000) text = `${(amount / 1e9).toFixed(1)}B`;
  else if (Math.round(thousands) >= 1000) text = `${millions.toFixed(1)}M`;
  else if (thousands >= 10) text = `${Math.round(thousands)}k`;
  else if (thousands >= 1) text = `${trim(thousands.toFixed(1))}k`;
  else text = `${Math.round(amount)}`;
  return `${sign(value)}$${text}`;
}

/** A full amount for tables and tooltips: $1,234,567. */
export function formatMoneyExact(value) {
  if (missing(value)) return MISSING;
  return `${sign(value)}$${integerFormat.format(Math.round(Math.abs(value)))}`;
}

/** A ratio as a percentage: 0.875 → 87.5%. */
export function formatPercent(ratio, {digits = 1} = {}) {
  if (missing(ratio)) return MISSING;
  return `${sign(ratio)}${(Math.abs(ratio) * 100).toFixed(digits)}%`;
}

/** A count of things: 1234 → 1,234. */
export function formatCount(value) {
  if (missing(value)) return MISSING;
  return `${sign(value)}${integerFormat.format(Math.round(Math.abs(value)))}`;
}

/** A change with its sign: formatDelta(12) → +12, formatDelta(-0.05, formatPercent) → −5.0%. */
export function formatDelta(value, format = formatCount) {
  if (missing(value)) return MISSING;
  const text = format(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `${MINUS}${text}` : text;
}

/** A calendar date, ISO style so it reads the same in every country: 2026-06-30. Dates are UTC. */
export function formatDate(date) {
  if (missing(date)) return MISSING;
  const d = date instanceof Date ? date : new Date(date);
  return Number.isNaN(+d) ? MISSING : d.toISOString().slice(0, 10);
}

/** A month for axes and cohorts: Jun 2026. */
export function formatMonth(date) {
  if (missing(date)) return MISSING;
  const d = date instanceof Date ? date : new Date(date);
  return d.toLocaleDateString("en-US", {month: "short", year: "numeric", timeZone: "UTC"});
}

/** Days until a date, for renewals: 45 days, 1 day, 3 days overdue. */
export function formatDays(days) {
  if (missing(days)) return MISSING;
  const n = Math.abs(Math.round(days));
  const text = `${integerFormat.format(n)} day${n === 1 ? "" : "s"}`;
  return days < 0 ? `${text} overdue` : text;
}

/** A health score or its points, one decimal: 62.3. */
export function formatScore(value) {
  if (missing(value)) return MISSING;
  return `${sign(value)}${Math.abs(value).toFixed(1)}`;
}

/** A measured number with a fixed count of decimals: formatNumber(2.345, {digits: 1}) → 2.3. */
export function formatNumber(value, {digits = 1} = {}) {
  if (missing(value)) return MISSING;
  return `${sign(value)}${fixed(Math.abs(value), digits)}`;
}

/** A duration given in minutes: 45 min, 3.5 h, 120 h. */
export function formatMinutes(minutes) {
  if (missing(minutes)) return MISSING;
  const m = Math.abs(minutes);
  const text = m < 90 ? `${Math.round(m)} min` : `${trim((m / 60).toFixed(m < 600 ? 1 : 0))} h`;
  return `${sign(minutes)}${text}`;
}

/** A count with its noun, singular for one: countOf(1, "key action") → 1 key action; countOf(1359, "account") → 1,359 accounts. */
export function countOf(value, noun, plural = `${noun}s`) {
  if (missing(value)) return `${MISSING} ${plural}`;
  return `${formatCount(value)} ${Math.round(Math.abs(value)) === 1 ? noun : plural}`;
}

/** A chart tick: integers with separators (2,500), else at most two decimals without trailing zeros (0.5), never "1.000000". */
export function formatTick(value) {
  if (missing(value)) return "";
  if (Number.isInteger(value)) return formatCount(value);
  return `${sign(value)}${String(Number(Math.abs(value).toFixed(2)))}`;
}

/** Days until a date, as a phrase: today, in 1 day, in 45 days, 3 days overdue. */
export function formatDaysUntil(days) {
  if (missing(days)) return MISSING;
  if (Math.round(days) === 0) return "today";
  return days < 0 ? formatDays(days) : `in ${formatDays(days)}`;
}
