// Which of a file's precompressed copies (loaders/site/precompress.ts) answers a request, from its
// Accept-Encoding header (RFC 9110 §12.5.3): brotli before gzip, each only if accepted (q > 0).
import type {Encoding} from "../site/precompress.js";

/** The q-value of each coding the header lists (lower-cased; "x-gzip" counts as gzip); a q that is not a number drops the entry. */
export function acceptedCodings(header: string): Map<string, number> {
  const codings = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => /^q\s*=/.test(p));
    const value = q === undefined ? 1 : Number(q.replace(/^q\s*=\s*/, ""));
    if (!Number.isFinite(value)) continue;
    codings.set(name === "x-gzip" ? "gzip" : name, Math.min(1, Math.max(0, value)));
  }
  return codings;
}

/**
 * The encoding to answer with, among the copies that exist (`available`), or null for the file as it is.
 * The accepted coding with the highest q wins, brotli on a tie with gzip; a coding the header does not
 * name takes the q of "*" if given, else is not accepted; q=0 refuses it. The file as it is ("identity")
 * is chosen over them only when the header gives identity a higher q; no header means identity.
 */
export function chooseEncoding(header: string | undefined, available: Encoding[]): Encoding | null {
  if (!header) return null;
  const codings = acceptedCodings(header);
  const q = (name: string) => codings.get(name) ?? codings.get("*") ?? 0;
  let best: Encoding | null = null;
  for (const encoding of ["br", "gzip"] as const) {
    if (available.includes(encoding) && q(encoding) > 0 && (best === null || q(encoding) > q(best))) best = encoding;
  }
  if (best === null) return null;
  const identity = codings.get("identity") ?? codings.get("*");
  return identity !== undefined && identity > q(best) ? null : best;
}
