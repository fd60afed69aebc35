/** What the notebooks import as `lab` (`import * as lab from "../dist/lessons"`). */
export * from "./notebook/lessons.js";
export * from "./notebook/algorithm.js";
