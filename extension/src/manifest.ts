/**
 * The course manifest (`lectures/course.json`): reading, validating and finding it.
 *
 * Pure functions (no JupyterLab imports), unit-tested in `__tests__/manifest.spec.ts`.
 * The Python twin is `gdkit/course.py`; both accept the same format.
 */

export const MANIFEST_FORMAT = 'gdkit-course/1';
export const MANIFEST_NAME = 'course.json';
/** Where `python -m gdkit.course --snapshot` keeps the originals, unless the manifest says otherwise. */
export const DEFAULT_ORIGINALS = 'originals';
export const ORIGINAL_SUFFIX = '.original';

export interface IExercise {
  id: string;
  title: string;
}

export interface ILecture {
  /** File name of the notebook, relative to the manifest's folder. */
  file: string;
  title: string;
  summary: string;
  /** Relative path of the solutions notebook, or null. */
  solutions: string | null;
  exercises: IExercise[];
}

export interface ICourse {
  title: string;
  lectures: ILecture[];
  /** Server path (Contents API) of the manifest, e.g. `course.json` or `lectures/course.json`. */
  path: string;
  /** Server path of the folder that holds the lectures ('' for the server root). */
  folder: string;
  /** Server path of the folder holding the pristine copies used by "Reset lecture". */
  originals: string;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const FILE = /^[^/\\]+\.ipynb$/;

function describe(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text && text.length > 60 ? text.slice(0, 57) + '...' : String(text);
}

function text(
  obj: Record<string, unknown>,
  key: string,
  where: string,
  optional = false
): string | null {
  const value = obj[key];
  if (optional && (value === null || value === undefined)) {
    return null;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ManifestError(
      `${where}.${key} must be a non-empty string${optional ? ' or null' : ''}, got ${describe(value)}`
    );
  }
  return value;
}

/** Join server paths ('' is the root); no leading or trailing slash. */
export function joinPath(...parts: string[]): string {
  return parts
    .filter(p => p !== '')
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/^\/|\/$/g, '');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Validate the manifest's parsed JSON, read from server path `path`.
 * Throws a ManifestError that names the field, the value received and what was expected.
 */
export function parseManifest(data: unknown, path: string): ICourse {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ManifestError(
      `${path} must hold a JSON object with format, title and lectures, got ${describe(data)}`
    );
  }
  const obj = data as Record<string, unknown>;
  if (obj.format !== MANIFEST_FORMAT) {
    throw new ManifestError(
      `${path}: format must be "${MANIFEST_FORMAT}", got ${describe(obj.format)}`
    );
  }
  const title = text(obj, 'title', path) as string;
  const raw = obj.lectures;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new ManifestError(
      `${path}: lectures must be a non-empty list, got ${describe(raw)}`
    );
  }
  const files = new Set<string>();
  const ids = new Set<string>();
  const lectures = raw.map((item: unknown, i: number): ILecture => {
    const at = `${path}: lectures[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ManifestError(`${at} must be an object, got ${describe(item)}`);
    }
    const lec = item as Record<string, unknown>;
    const file = text(lec, 'file', at) as string;
    if (!FILE.test(file)) {
      throw new ManifestError(
        `${at}.file must be a notebook file name (NAME.ipynb), got ${describe(file)}`
      );
    }
    if (files.has(file)) {
      throw new ManifestError(`${at}.file: ${file} is listed twice`);
    }
    files.add(file);
    const solutions = text(lec, 'solutions', at, true);
    if (
      solutions !== null &&
      (!solutions.endsWith('.ipynb') || /^(\/|\.\.)/.test(solutions))
    ) {
      throw new ManifestError(
        `${at}.solutions must be null or a relative notebook path, got ${describe(solutions)}`
      );
    }
    const rawEx = lec.exercises === undefined ? [] : lec.exercises;
    if (!Array.isArray(rawEx)) {
      throw new ManifestError(
        `${at}.exercises must be a list of {id, title}, got ${describe(rawEx)}`
      );
    }
    const exercises = rawEx.map((ex: unknown, j: number): IExercise => {
      const exAt = `${at}.exercises[${j}]`;
      if (typeof ex !== 'object' || ex === null || Array.isArray(ex)) {
        throw new ManifestError(
          `${exAt} must be an object {id, title}, got ${describe(ex)}`
        );
      }
      const e = ex as Record<string, unknown>;
      const id = text(e, 'id', exAt) as string;
      if (!ID.test(id)) {
        throw new ManifestError(
          `${exAt}.id must be letters, digits, '.', '_' or '-' (such as "01.2"), got ${describe(id)}`
        );
      }
      if (ids.has(id)) {
        throw new ManifestError(`${exAt}.id: ${id} is used twice`);
      }
      ids.add(id);
      return { id, title: text(e, 'title', exAt) as string };
    });
    return {
      file,
      title: text(lec, 'title', at) as string,
      summary: text(lec, 'summary', at) as string,
      solutions,
      exercises
    };
  });
  const folder = dirname(path);
  const originals = text(obj, 'originals', path, true) ?? DEFAULT_ORIGINALS;
  return {
    title,
    lectures,
    path,
    folder,
    originals: joinPath(folder, originals)
  };
}

/**
 * Where to look for the manifest, most likely first.
 *
 * `make lab` serves `lectures/` (manifest at `course.json`); Binder serves the
 * repository (`lectures/course.json`); a JupyterHub with nbgitpuller serves the
 * student's home, where the course is a folder (`gdkit/lectures/course.json`).
 * So: the folders of the open notebooks and their parents (each with a
 * `lectures/` sub-folder), then the root, then each top-level folder.
 */
export function candidatePaths(
  openPaths: string[],
  topFolders: string[] = []
): string[] {
  const out: string[] = [];
  const add = (folder: string) => {
    for (const p of [
      joinPath(folder, MANIFEST_NAME),
      joinPath(folder, 'lectures', MANIFEST_NAME)
    ]) {
      if (!out.includes(p)) {
        out.push(p);
      }
    }
  };
  for (const path of openPaths) {
    let folder = dirname(path);
    for (;;) {
      add(folder);
      if (folder === '') {
        break;
      }
      folder = dirname(folder);
    }
  }
  add('');
  for (const top of topFolders) {
    add(top);
  }
  return out;
}

/** Server path of a lecture's notebook. */
export function lecturePath(course: ICourse, lecture: ILecture): string {
  return joinPath(course.folder, lecture.file);
}

export function solutionsPath(
  course: ICourse,
  lecture: ILecture
): string | null {
  return lecture.solutions ? joinPath(course.folder, lecture.solutions) : null;
}

/** Server path of the pristine copy of a lecture. */
export function originalPath(course: ICourse, lecture: ILecture): string {
  return joinPath(course.originals, lecture.file + ORIGINAL_SUFFIX);
}

/** The lecture whose notebook is at `path`, or undefined. */
export function lectureAt(course: ICourse, path: string): ILecture | undefined {
  return course.lectures.find(l => lecturePath(course, l) === path);
}

/** The lecture whose solutions notebook is at `path`, or undefined. */
export function lectureOfSolutions(
  course: ICourse,
  path: string
): ILecture | undefined {
  return course.lectures.find(l => solutionsPath(course, l) === path);
}

/** The lecture `step` places after (1) or before (-1) the one at `path`. */
export function neighbour(
  course: ICourse,
  path: string,
  step: 1 | -1
): ILecture | undefined {
  const i = course.lectures.findIndex(l => lecturePath(course, l) === path);
  if (i < 0) {
    return undefined;
  }
  return course.lectures[i + step];
}

/** `NAME-YYYYMMDD-HHMMSS.ipynb` beside `path` (local time); `n` > 1 adds `-n`. */
export function backupPath(path: string, when: Date, n = 1): string {
  const pad = (v: number) => String(v).padStart(2, '0');
  const stamp =
    `${when.getFullYear()}${pad(when.getMonth() + 1)}${pad(when.getDate())}-` +
    `${pad(when.getHours())}${pad(when.getMinutes())}${pad(when.getSeconds())}`;
  const dir = dirname(path);
  const stem = basename(path).replace(/\.ipynb$/, '');
  return joinPath(dir, `${stem}-${stamp}${n > 1 ? `-${n}` : ''}.ipynb`);
}
