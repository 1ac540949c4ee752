// An account page's data: the bucket file that holds it (src/shared/accountPages.js says what a bucket is).
import {accountBucket, accountPageEntry, accountPagePath} from "../shared/accountPages.js";

/**
 * Fetches and decodes the bucket file of an account (relative to the page, so the site works from
 * any subpath and inside a snapshot). The file is gzip; a host that already undid the gzip (it sent
 * Content-Encoding: gzip) gives plain JSON, which is read as it is. The file's name has no content
 * hash, so the browser asks the host whether its copy is still current (`no-cache`) instead of
 * reusing a copy from an earlier build. Under `npm run dev`, Framework's preview has no such folder
 * and serves the file from its data loader, under _file/.
 */
export async function fetchAccountPage(accountId, base = ".") {
  const path = accountPagePath(accountBucket(accountId));
  let response = await fetch(`${base}/${path}`, {cache: "no-cache"});
  if (response.status === 404) {
    const preview = await fetch(`${base}/_file/${path}`, {cache: "no-cache"});
    if (preview.ok) response = preview;
  }
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = gzipped
    ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text()
    : new TextDecoder().decode(bytes);
  return accountPageEntry(JSON.parse(text), accountId);
}
