import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { formatChange, formatNumber, formatPercent, formatQuantity } from "../../../src/engine/index.ts";

test("quantities: thousands separators from 1,000, four significant digits below, scientific below 1e-4, the minus sign", () => {
  assert.equal(formatNumber(1157470), "1,157,470");
  assert.equal(formatNumber(42553806.63487798), "42,553,807");
  assert.equal(formatNumber(123.456), "123.5");
  assert.equal(formatNumber(0.0123456), "0.01235");
  assert.equal(formatNumber(8.521e-6), "8.52e\u22126");
  assert.equal(formatNumber(-1.3875), "\u22121.388");
  assert.equal(formatNumber(-0), "0");
  assert.equal(formatNumber(2.5, { digits: 2 }), "2.50");
  assert.equal(formatQuantity(9740.2, "USD million"), "9,740 USD million");
  assert.equal(formatChange(0.5), "+0.5");
});

test("non-finite numbers are named, never printed as digits", () => {
  assert.equal(formatNumber(NaN), "NaN");
  assert.equal(formatNumber(Infinity), "∞");
  assert.equal(formatPercent(NaN), "NaN");
});

test("a share is never rounded onto 100 % or 0 % it has not reached", () => {
  assert.equal(formatPercent(0.972), "97.2 %");
  assert.equal(formatPercent(0.9995), "99.95 %");
  assert.equal(formatPercent(1), "100.0 %");
  assert.equal(formatPercent(0.0004), "0.04 %");
  assert.equal(formatPercent(-0.013875), "\u22121.4 %");
  assert.equal(formatPercent(0.02, { signed: true }), "+2.0 %");
  assert.equal(formatPercent(null), "—");
  fc.assert(
    fc.property(fc.double({ min: 0.99, max: 1.01, noNaN: true }), (s) => {
      const t = formatPercent(s);
      if (t === "100.0 %" && s < 1) assert.ok(1 - s < 5e-6, `${s} printed as 100.0 %`);
    }),
  );
});
