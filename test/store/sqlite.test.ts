import { join } from "node:path";
import { storeSuite } from "./storeSuite.ts";
import { scratch } from "../models/helpers.ts";

storeSuite("SQLite", async () => join(scratch(), "ioplan.sqlite"));
