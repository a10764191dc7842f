/**
 * "Reset lecture": keep the student's version as `NAME-YYYYMMDD-HHMMSS.ipynb`
 * beside it, then put the original back.
 *
 * The original is the pristine copy `originals/NAME.ipynb.original` in the
 * lectures folder, written from the course's git checkout by
 * `python -m gdkit.course --snapshot` (run by `make lab` and by Binder's
 * postBuild; see extension/README.md).  Order of work, so that nothing is lost:
 * read the original (stop if it is missing), save the open notebook, copy the
 * student's file to a name that does not exist yet, read the copy back, and only
 * then overwrite the lecture and reload it.
 */

import { Contents } from '@jupyterlab/services';
import { NotebookPanel } from '@jupyterlab/notebook';

import {
  backupPath,
  ICourse,
  ILecture,
  lecturePath,
  originalPath
} from './manifest';

export interface IResetResult {
  path: string;
  backup: string;
}

async function exists(
  contents: Contents.IManager,
  path: string
): Promise<boolean> {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch {
    return false;
  }
}

export async function readOriginal(
  contents: Contents.IManager,
  course: ICourse,
  lecture: ILecture
): Promise<unknown> {
  const path = originalPath(course, lecture);
  let text: string;
  try {
    const model = await contents.get(path, {
      content: true,
      type: 'file',
      format: 'text'
    });
    text = String(model.content);
  } catch {
    throw new Error(
      `The original of ${lecture.file} is not available (${path} is missing). ` +
        'Run `python -m gdkit.course --snapshot` in the course folder (make lab ' +
        'does this), then try again. Nothing was changed.'
    );
  }
  try {
    const nb = JSON.parse(text);
    if (!nb || !Array.isArray(nb.cells)) {
      throw new Error('no cells');
    }
    return nb;
  } catch (err) {
    throw new Error(
      `The original of ${lecture.file} (${path}) is not a notebook (${err}). Nothing was changed.`
    );
  }
}

export async function resetLecture(
  contents: Contents.IManager,
  course: ICourse,
  lecture: ILecture,
  panel: NotebookPanel | undefined,
  now: Date = new Date()
): Promise<IResetResult> {
  const path = lecturePath(course, lecture);
  const original = await readOriginal(contents, course, lecture);
  if (panel && panel.context.model.dirty && !panel.context.model.readOnly) {
    await panel.context.save(); // the copy must include unsaved work
  }
  let backup = '';
  if (await exists(contents, path)) {
    const current = await contents.get(path, {
      content: true,
      type: 'notebook'
    });
    for (let n = 1; ; n++) {
      const candidate = backupPath(path, now, n);
      if (!(await exists(contents, candidate))) {
        backup = candidate;
        break;
      }
    }
    await contents.save(backup, {
      type: 'notebook',
      format: 'json',
      content: current.content
    });
    const check = await contents.get(backup, {
      content: true,
      type: 'notebook'
    });
    const cellCount = (m: Contents.IModel) =>
      (m.content as { cells?: unknown[] } | null)?.cells?.length ?? -1;
    if (cellCount(check) !== cellCount(current)) {
      throw new Error(
        `The copy ${backup} could not be verified; ${path} was left unchanged.`
      );
    }
  }
  await contents.save(path, {
    type: 'notebook',
    format: 'json',
    content: original
  });
  if (panel && !panel.isDisposed) {
    await panel.context.revert();
  }
  return { path, backup };
}
