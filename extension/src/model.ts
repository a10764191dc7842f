/**
 * CourseModel: the manifest, found through the Contents API, and the progress of
 * every lecture, read from the open notebook when it is open and from the saved
 * file otherwise.  No server extension: only `/api/contents` is used.
 */

import { Contents } from '@jupyterlab/services';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import {
  candidatePaths,
  ICourse,
  ILecture,
  lecturePath,
  ManifestError,
  MANIFEST_NAME,
  parseManifest,
  solutionsPath
} from './manifest';
import { exerciseProgress, ICellLike, IExerciseProgress } from './status';

export type Progress = Map<string, IExerciseProgress>;

export class CourseModel {
  constructor(
    private contents: Contents.IManager,
    private tracker: INotebookTracker
  ) {
    contents.fileChanged.connect(this.onFileChanged, this);
    tracker.widgetAdded.connect((_, panel) => this.watch(panel));
    tracker.forEach(panel => this.watch(panel));
  }

  get course(): ICourse | null {
    return this._course;
  }

  /** Why no course is shown ('' while loading or when loaded). */
  get error(): string {
    return this._error;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Whether the lecture's solutions notebook exists (a student release has none). */
  hasSolutions(lecture: ILecture): boolean {
    return this._solutions.has(lecture.file);
  }

  /** Progress of the lecture at server path `path` (empty until read). */
  progress(path: string): Progress {
    return this._progress.get(path) ?? new Map();
  }

  /** Find and read the manifest (once; again after a failure), then read every lecture. */
  async load(): Promise<ICourse | null> {
    if (this._course) {
      return this._course;
    }
    if (!this._loading) {
      this._loading = this.find().finally(() => {
        this._loading = null;
      });
    }
    return this._loading;
  }

  private async find(): Promise<ICourse | null> {
    const open: string[] = [];
    this.tracker.forEach(p => open.push(p.context.path));
    let tops: string[] = [];
    try {
      const root = await this.contents.get('', { content: true });
      tops = (root.content as Contents.IModel[])
        .filter(m => m.type === 'directory')
        .map(m => m.path)
        .sort();
    } catch {
      tops = [];
    }
    const tried = candidatePaths(open, tops);
    for (const path of tried) {
      let text: string;
      try {
        const model = await this.contents.get(path, {
          content: true,
          type: 'file',
          format: 'text'
        });
        text = String(model.content);
      } catch {
        continue; // not there
      }
      try {
        this._course = parseManifest(JSON.parse(text), path);
      } catch (err) {
        this._error =
          err instanceof ManifestError
            ? err.message
            : `${path} is not valid JSON: ${err}`;
        this._changed.emit();
        return null;
      }
      this._error = '';
      this._changed.emit();
      // Progress comes in the background: callers only wait for the manifest.
      void this.findSolutions().then(() => this.readAll());
      return this._course;
    }
    this._error =
      `No course manifest (${MANIFEST_NAME}) was found. Looked in: ` +
      tried.slice(0, 6).join(', ') +
      (tried.length > 6 ? ', ...' : '');
    this._changed.emit();
    return null;
  }

  private async findSolutions(): Promise<void> {
    const course = this._course;
    for (const lecture of course?.lectures ?? []) {
      const path = course ? solutionsPath(course, lecture) : null;
      if (path) {
        try {
          await this.contents.get(path, { content: false });
          this._solutions.add(lecture.file);
        } catch {
          this._solutions.delete(lecture.file);
        }
      }
    }
    this._changed.emit();
  }

  /** Read every lecture's progress (open notebooks from memory, others from disk). */
  async readAll(): Promise<void> {
    const course = this._course;
    if (!course) {
      return;
    }
    for (const lecture of course.lectures) {
      await this.read(lecture);
    }
  }

  async read(lecture: ILecture): Promise<void> {
    const course = this._course;
    if (!course || lecture.exercises.length === 0) {
      return;
    }
    const path = lecturePath(course, lecture);
    const panel = this.openPanel(path);
    let cells: ICellLike[] = [];
    if (panel && panel.content.model) {
      const nb = panel.content.model.toJSON() as unknown as {
        cells?: ICellLike[];
      };
      cells = nb.cells ?? [];
    } else {
      try {
        const model = await this.contents.get(path, {
          content: true,
          type: 'notebook'
        });
        const nb = model.content as { cells?: ICellLike[] } | null;
        cells = nb?.cells ?? [];
      } catch {
        cells = []; // deleted or renamed: nothing tried
      }
    }
    this._progress.set(path, exerciseProgress(lecture.exercises, cells));
    this._changed.emit();
  }

  openPanel(path: string): NotebookPanel | undefined {
    return this.tracker.find(p => p.context.path === path);
  }

  lectureAtPath(path: string): ILecture | undefined {
    const course = this._course;
    return course
      ? course.lectures.find(l => lecturePath(course, l) === path)
      : undefined;
  }

  private watch(panel: NotebookPanel): void {
    const update = () => {
      const lecture = this.lectureAtPath(panel.context.path);
      if (!lecture) {
        return;
      }
      // Outputs and metadata change in bursts while a cell runs: read once per burst.
      window.clearTimeout(this._timers.get(panel) ?? 0);
      this._timers.set(
        panel,
        window.setTimeout(() => void this.read(lecture), 250)
      );
    };
    void panel.context.ready.then(async () => {
      if (!this._course) {
        await this.load(); // a notebook inside the course may reveal the manifest
      }
      const model = panel.content.model;
      model?.contentChanged.connect(update);
      model?.metadataChanged.connect(update);
      update();
    });
    panel.disposed.connect(() => {
      window.clearTimeout(this._timers.get(panel) ?? 0);
      this._timers.delete(panel);
      const lecture = this.lectureAtPath(panel.context.path);
      if (lecture) {
        void this.read(lecture); // back to the saved version
      }
    });
  }

  private onFileChanged(
    _: Contents.IManager,
    change: Contents.IChangedArgs
  ): void {
    const paths = [change.oldValue?.path, change.newValue?.path];
    for (const path of paths) {
      const lecture = path ? this.lectureAtPath(path) : undefined;
      if (lecture && !this.openPanel(path as string)) {
        void this.read(lecture);
      }
    }
  }

  private _course: ICourse | null = null;
  private _error = '';
  private _loading: Promise<ICourse | null> | null = null;
  private _progress = new Map<string, Progress>();
  private _solutions = new Set<string>();
  private _timers = new Map<NotebookPanel, number>();
  private _changed = new Signal<this, void>(this);
}
