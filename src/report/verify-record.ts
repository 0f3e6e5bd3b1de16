// What `berth verify` proved, kept as a small JSON file beside the packaging it checked
// (`<out>/berth-verify.json`), so `berth report` can say which engine proved which environment.
// It names the spec by digest rather than by time: a record for another spec is shown as stale.
import { sha256 } from '../model/template.ts';

export const VERIFY_RECORD_FILE = 'berth-verify.json';

export type VerifyStatus = 'ok' | 'drift' | 'not-checked' | 'failed';

export interface VerifyResult {
  readonly target: string;
  /** The environment's name (`default` when the spec declares none). */
  readonly environment: string;
  readonly status: VerifyStatus;
  /** The engine that rendered it, as the target reports it (`helm v3.18.0`, `kubectl kustomize v5.7.1`). */
  readonly engine?: string;
  readonly objects?: number;
  readonly differences?: number;
  /** Why it could not be checked or failed. */
  readonly detail?: string;
}

export interface VerifyRecord {
  readonly format: 'berth-verify/1';
  readonly berthVersion: string;
  /** SHA-256 of the berth.yaml text verified against. */
  readonly specDigest: string;
  readonly results: readonly VerifyResult[];
}

export function buildVerifyRecord(specText: string, berthVersion: string, results: readonly VerifyResult[]): VerifyRecord {
  const sorted = [...results].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  return { format: 'berth-verify/1', berthVersion, specDigest: digestSpec(specText), results: sorted };
}

export function digestSpec(specText: string): string {
  return sha256(specText);
}

/** A record read back; undefined for anything that is not one (a hand-written or older file). */
export function parseVerifyRecord(text: string): VerifyRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<VerifyRecord>;
    if (value.format !== 'berth-verify/1' || typeof value.specDigest !== 'string' || !Array.isArray(value.results)) return undefined;
    return value as VerifyRecord;
  } catch {
    return undefined;
  }
}
