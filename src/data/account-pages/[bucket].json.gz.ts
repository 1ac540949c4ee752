// One bucket file of the account page, for Framework's preview (`npm run dev`), which serves it as
// _file/data/account-pages/NNN.json.gz when the page asks. A built site does not use this loader:
// `pulse build` writes all the bucket files at once (loaders/site/accountPages.ts).
import {parseArgs} from "node:util";
import {ACCOUNT_PAGE_BUCKETS} from "../../shared/accountPages.js";
import {accountPageBucket} from "../../../loaders/site/accountPages.js";

const {values} = parseArgs({options: {bucket: {type: "string"}}});
const bucket = Number(values.bucket);
if (!Number.isInteger(bucket) || bucket < 0 || bucket >= ACCOUNT_PAGE_BUCKETS) throw new Error(`no account-page bucket ${values.bucket}`);
process.stdout.write(await accountPageBucket(bucket));
