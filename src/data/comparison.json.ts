// Framework runs this at build time; stdout is the file: what changed since the previous snapshot.
// `pulse build` computes it (loaders/snapshots/compareSnapshots.ts) and passes it in PULSE_COMPARISON_FILE.
import {readFileSync} from "node:fs";
import {siteTable} from "../../loaders/site/siteTable.js";
import {compareSnapshots} from "../../loaders/snapshots/compareSnapshots.js";

const file = process.env.PULSE_COMPARISON_FILE;
if (file) process.stdout.write(readFileSync(file));
else {
  // a bare `observable build` has no earlier snapshot to compare with
  const {as_of} = JSON.parse((await siteTable("quality.json")).toString());
  process.stdout.write(JSON.stringify(await compareSnapshots({asOf: as_of, dir: ""}, null)));
}
