// Types for odex 2.0.4, which ships TypeScript source but no declarations (its own source fails
// under `strict`). Only what sweeplab uses; names follow odex's `Solver` (and ODEX.F in comments).
declare module "odex" {
  export type Derivative = (x: number, y: number[]) => number[];
  export type OutputFunction = (
    nr: number,
    xold: number,
    x: number,
    y: number[],
    dense?: (component: number, x: number) => number,
  ) => boolean | void;

  export enum Outcome {
    Converged = 0,
    MaxStepsExceeded = 1,
    EarlyReturn = 2,
  }

  export interface SolverResult {
    y: number[];
    outcome: Outcome;
    nStep: number;
    xEnd: number;
    nAccept: number;
    nReject: number;
    nEval: number;
  }

  export class Solver {
    constructor(n: number);
    n: number;
    maxSteps: number; // IWORK(1)
    initialStepSize: number; // H
    maxStepSize: number; // WORK(2)
    denseOutput: boolean; // IOUT >= 2
    denseComponents: number[] | undefined;
    relativeTolerance: number | number[]; // RTOL
    absoluteTolerance: number | number[]; // ATOL
    solve(f: Derivative, x: number, y0: number[], xEnd: number, solOut?: OutputFunction): SolverResult;
  }
}
