import assert from "node:assert/strict";
import { test } from "node:test";
import { unitFactor } from "../../../src/engine/index.ts";

test("units convert by scale words and spellings, and refuse different bases", () => {
  assert.equal(unitFactor("million tonnes", "thousand tonnes"), 1000);
  assert.equal(unitFactor("Mt", "million metric tons"), 1);
  assert.equal(unitFactor("billion USD", "million USD"), 1000);
  assert.equal(unitFactor("%", "percent"), 1);
  assert.equal(unitFactor("billion USD", "USD million"), 1000);
  assert.equal(unitFactor("TWh", "twh"), 1);
  assert.equal(unitFactor("TWh", "million tonnes"), null);
  assert.equal(unitFactor("trillion KRW", "billion USD"), null);
});
