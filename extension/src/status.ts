/**
 * Exercise status from a notebook's cells: which exercises were not tried, are
 * failing or passed, and whether a hint was opened.
 *
 * Pure functions over nbformat JSON (a saved `.ipynb`, or `model.toJSON()` of an
 * open notebook), unit-tested in `__tests__/status.spec.ts`.  Nothing here reads
 * text: the check results come from gdkit's `application/vnd.gdkit.check+json`
 * output, the hints from cell tags and metadata.
 */

import type { IExercise } from './manifest';

export const CHECK_MIME = 'application/vnd.gdkit.check+json';
/** Tag of a Markdown cell that holds a `<details>` hint. */
export const HINT_TAG = 'hint';
/** Optional second tag naming the hint's exercise: `exercise:01.2`. */
export const EXERCISE_TAG_PREFIX = 'exercise:';
/** Cell metadata key where the extension records that a hint was opened. */
export const METADATA_KEY = 'gdkit';

export type CheckStatus = 'passed' | 'failed' | 'not-answered';
export type ExerciseStatus = 'not-tried' | 'failing' | 'passed';

/** One check result, as gdkit displays it. */
export interface ICheckRecord {
  exercise: string | null;
  status: CheckStatus;
  name: string | null;
  message: string;
  /** Index of the cell whose output holds it. */
  cell: number;
}

export interface IExerciseProgress {
  status: ExerciseStatus;
  /** Checks seen for this exercise, and how many of them passed. */
  checks: number;
  passed: number;
  hintUsed: boolean;
}

/** The parts of an nbformat cell this module reads. */
export interface ICellLike {
  cell_type?: string;
  metadata?: { [key: string]: unknown };
  outputs?: Array<{ output_type?: string; data?: { [mime: string]: unknown } }>;
}

const STATUSES: ReadonlySet<string> = new Set([
  'passed',
  'failed',
  'not-answered'
]);

/** Validate one `application/vnd.gdkit.check+json` payload; null if malformed. */
export function parseCheck(data: unknown, cell: number): ICheckRecord | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return null;
  }
  const d = data as { [key: string]: unknown };
  if (typeof d.status !== 'string' || !STATUSES.has(d.status)) {
    return null;
  }
  const exercise =
    typeof d.exercise === 'string' && d.exercise !== '' ? d.exercise : null;
  return {
    exercise,
    status: d.status as CheckStatus,
    name: typeof d.name === 'string' ? d.name : null,
    message: typeof d.message === 'string' ? d.message : '',
    cell
  };
}

/** Every check result in the cells' outputs, in cell order. */
export function checkRecords(cells: ICellLike[]): ICheckRecord[] {
  const out: ICheckRecord[] = [];
  cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      const data = output.data?.[CHECK_MIME];
      if (data !== undefined) {
        const record = parseCheck(data, index);
        if (record) {
          out.push(record);
        }
      }
    }
  });
  return out;
}

function tags(cell: ICellLike): string[] {
  const t = cell.metadata?.tags;
  return Array.isArray(t)
    ? t.filter((x): x is string => typeof x === 'string')
    : [];
}

export function isHintCell(cell: ICellLike): boolean {
  return cell.cell_type === 'markdown' && tags(cell).includes(HINT_TAG);
}

export function hintOpened(cell: ICellLike): boolean {
  const meta = cell.metadata?.[METADATA_KEY];
  return (
    typeof meta === 'object' &&
    meta !== null &&
    (meta as { [key: string]: unknown }).hint_opened === true
  );
}

/**
 * The exercise a hint cell belongs to: its `exercise:ID` tag, else the exercise of
 * the first check result in the code cells after it.
 */
export function hintExercise(cells: ICellLike[], index: number): string | null {
  const tag = tags(cells[index]).find(t => t.startsWith(EXERCISE_TAG_PREFIX));
  if (tag) {
    return tag.slice(EXERCISE_TAG_PREFIX.length) || null;
  }
  for (let i = index + 1; i < cells.length; i++) {
    const records = checkRecords([cells[i]]);
    const withId = records.find(r => r.exercise !== null);
    if (withId) {
      return withId.exercise;
    }
  }
  return null;
}

/** Ids of the exercises whose hint the student opened. */
export function hintsUsed(cells: ICellLike[]): Set<string> {
  const used = new Set<string>();
  cells.forEach((cell, i) => {
    if (isHintCell(cell) && hintOpened(cell)) {
      const id = hintExercise(cells, i);
      if (id) {
        used.add(id);
      }
    }
  });
  return used;
}

/**
 * Status of one exercise from its check results (each cell's output is that
 * cell's latest run): passed when every check passed; not tried when none was
 * answered (or there is none); failing otherwise.
 */
export function exerciseStatus(records: ICheckRecord[]): ExerciseStatus {
  const answered = records.filter(r => r.status !== 'not-answered');
  if (answered.length === 0) {
    return 'not-tried';
  }
  return records.every(r => r.status === 'passed') ? 'passed' : 'failing';
}

/** Progress of each of `exercises` in a notebook's cells (absent ids: not tried). */
export function exerciseProgress(
  exercises: IExercise[],
  cells: ICellLike[]
): Map<string, IExerciseProgress> {
  const records = checkRecords(cells);
  const hints = hintsUsed(cells);
  const out = new Map<string, IExerciseProgress>();
  for (const ex of exercises) {
    const mine = records.filter(r => r.exercise === ex.id);
    out.set(ex.id, {
      status: exerciseStatus(mine),
      checks: mine.length,
      passed: mine.filter(r => r.status === 'passed').length,
      hintUsed: hints.has(ex.id)
    });
  }
  return out;
}

/** How many of a lecture's exercises passed. */
export function countPassed(progress: Map<string, IExerciseProgress>): number {
  let n = 0;
  progress.forEach(p => {
    n += p.status === 'passed' ? 1 : 0;
  });
  return n;
}

export function statusLabel(status: ExerciseStatus): string {
  return status === 'not-tried'
    ? 'not tried'
    : status === 'failing'
      ? 'failing'
      : 'passed';
}
