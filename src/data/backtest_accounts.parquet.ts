// Framework runs this at build time; stdout is the file: the backtest's rows, one per account and scored month end,
// which the Backtest page counts under its filters (loaders/metrics/sql/facts/fct_backtest_accounts.sql).
import {siteTable} from "../../loaders/site/siteTable.js";

process.stdout.write(await siteTable("backtest_accounts.parquet"));
