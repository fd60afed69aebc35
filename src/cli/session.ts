/**
 * One session of `sweeplab sweep` in a run folder (the first run, or a `--resume`): its entry in
 * run.json, written as it starts (status "running", with the workers and chunksize it will use,
 * so a session stopped by a signal still has them) and again as it ends, however it ends.
 */
import * as path from "node:path";
import { machine } from "../core/machine.js";
import { writeAtomic } from "./files.js";
import type { JobLine } from "./jobsfile.js";
import { type Session, newSession, runRecord } from "./rundir.js";
import { type Shard, shardLabel } from "./shard.js";

/** What run.json records of this session's settings and of the run so far. */
export interface SessionPlan {
  out: string;
  mode: Session["mode"];
  workers: number;
  chunksize: number;
  shard?: Shard;
  /** The jobs this shard (or the whole sweep) holds. */
  shardJobs: number;
  /** The command's settings, as run.json's `config`. */
  config: Record<string, unknown>;
  /** The sessions before this one, and how many jobs they had finished. */
  previous: Session[];
  resumedJobs: number;
}

export interface OpenSession {
  session: Session;
  /** Every session of the run, this one last: its index is this session's number in jobs.jsonl. */
  sessions: Session[];
  /** Rewrites run.json with this session's status (and anything `extra` adds). */
  writeRun(status: Session["status"], extra?: Record<string, unknown>): void;
}

/** Starts a session: its entry, and run.json written at once with status "running". */
export function beginSession(plan: SessionPlan, lines: Map<number, JobLine>): OpenSession {
  const session: Session = {
    ...newSession(plan.mode),
    workers: plan.workers,
    chunksize: plan.chunksize,
    ...(plan.shard ? { shard: shardLabel(plan.shard) } : {}),
  };
  const sessions = [...plan.previous, session];
  const host = machine();
  const writeRun = (status: Session["status"], extra: Record<string, unknown> = {}) => {
    session.status = status;
    const { startedAt, wallMs, ...rest } = runRecord(sessions, lines.values());
    const shard = plan.shard && { ...plan.shard, jobs: plan.shardJobs };
    const record = {
      status,
      ...extra,
      ...(shard ? { shard } : {}),
      config: plan.config,
      startedAt,
      wallMs,
      workers: session.workers,
      chunksize: session.chunksize,
      resumedJobs: plan.resumedJobs,
      ...rest,
      machine: host,
    };
    writeAtomic(path.join(plan.out, "run.json"), JSON.stringify(record, null, 2) + "\n");
  };
  writeRun("running");
  return { session, sessions, writeRun };
}
