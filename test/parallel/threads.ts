// The thread checks the tests use are the library's own (src/parallel/thread-probe.ts), as the notebooks use them.
export { threadCount, waitForThreads as settleThreads } from "../../dist/parallel/thread-probe.js";
