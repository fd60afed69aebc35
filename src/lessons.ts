/**
 * The name the notebooks import `sweeplab/lab` by (`import * as lab from "../dist/lessons"`): the
 * same module as src/lab.ts.
 */
export * from "./lab.js";
