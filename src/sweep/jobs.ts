/**
 * The sweep layer's job kinds, registered with the pool: "solve" (the lecture's job, a packed
 * tuple per job) and "solveShared" (the fixed arguments sent once per worker). Their functions
 * live in physics/solve-job.ts, which a worker loads the first time it solves.
 */
import { registerJobKind } from "../parallel/jobs.js";

const solveJob = require.resolve("../physics/solve-job.js");

registerJobKind("solve", solveJob);
registerJobKind("solveShared", solveJob);
