// The thread checks the tests use are the library's own (src/lessons.ts), as the notebooks use them.
export { threadCount, waitForThreads as settleThreads } from "../../dist/notebook/lessons.js";
