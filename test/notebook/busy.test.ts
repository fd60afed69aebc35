import assert from "node:assert/strict";
import { test } from "node:test";
import { busyBanner, isBusy, loadSentence } from "../../dist/notebook/busy.js";

test("loadSentence: free, noisy or busy, by the load average against the cores", () => {
  assert.match(
    loadSentence({ loadAverage: 0.4, cores: 2 }),
    /^The load average is 0\.4 on 2 cores: the cores are free/,
  );
  assert.match(loadSentence({ loadAverage: 1.5, cores: 2 }), /some other work is running/);
  assert.match(
    loadSentence({ loadAverage: 6, cores: 2 }),
    /^\*\*This machine is busy\*\*: its load average is 6\.0 on 2 cores/,
  );
});

test("busyBanner: one Markdown quote when the load exceeds the cores, nothing otherwise", () => {
  assert.equal(busyBanner({ loadAverage: 2, cores: 2 }), "");
  assert.equal(isBusy({ loadAverage: 2.01, cores: 2 }), true);
  const banner = busyBanner({ loadAverage: 5.24, cores: 2 });
  assert.match(
    banner,
    /^> \*\*Busy machine: the conclusions below are unreliable\.\*\* The load average was 5\.2 on 2 cores/,
  );
  assert.match(banner, /Rerun when the load is below 2/);
  assert.ok(banner.endsWith("\n\n"));
});
