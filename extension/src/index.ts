/**
 * gdkit-course: the course sidebar, previous/next lecture, guarded solutions,
 * hint tracking and "Reset lecture", for JupyterLab 4 and Notebook 7; and the
 * accessibility of the course's figures and explorers (see ./a11y).
 *
 * Everything runs in the browser on top of the Contents API: no server
 * extension, no network beyond the Jupyter server, no telemetry.
 */

import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  Dialog,
  ICommandPalette,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  addToolbarButtonClass,
  LabIcon,
  ReactWidget,
  ToolbarButtonComponent
} from '@jupyterlab/ui-components';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';

import {
  imageWithAltRendererFactory,
  svgWithAltRendererFactory,
  WidgetAccessibility
} from './a11y';

import {
  ICourse,
  ILecture,
  lectureAt,
  lectureOfSolutions,
  lecturePath,
  neighbour,
  solutionsPath
} from './manifest';
import { CourseModel } from './model';
import { resetLecture } from './reset';
import { CourseSidebar } from './sidebar';
import { CHECK_MIME, HINT_TAG, METADATA_KEY } from './status';

export namespace CommandIDs {
  export const show = 'gdkit-course:show';
  export const next = 'gdkit-course:next-lecture';
  export const previous = 'gdkit-course:previous-lecture';
  export const reset = 'gdkit-course:reset-lecture';
  export const solutions = 'gdkit-course:open-solutions';
}

const CATEGORY = 'Course';

const courseIcon = new LabIcon({
  name: 'gdkit-course:course',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path class="jp-icon3" fill="#616161" d="M12 3 1 9l11 6 9-4.9V17h2V9L12 3zM5 13.2v4L12 21l7-3.8v-4L12 17l-7-3.8z"/></svg>'
});

/**
 * A toolbar button for an action, as JupyterLab draws one but without
 * `aria-pressed`: `ToolbarButton` always sets it (and flips it on every click),
 * which declares a toggle and is not an allowed attribute of `<jp-button>`.
 */
class ActionButton extends ReactWidget {
  constructor(private readonly _props: ToolbarButtonComponent.IProps) {
    super();
    addToolbarButtonClass(this);
  }

  get enabled(): boolean {
    return this._enabled;
  }

  set enabled(value: boolean) {
    if (value !== this._enabled) {
      this._enabled = value;
      this.update();
    }
  }

  render(): JSX.Element {
    return ToolbarButtonComponent({ ...this._props, enabled: this._enabled });
  }

  private _enabled = true;
}

/** The path a command acts on: its `path` argument, the sidebar item, or the current notebook. */
function targetPath(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  args: { [key: string]: unknown }
): string {
  if (typeof args.path === 'string' && args.path) {
    return args.path;
  }
  const hit = app.contextMenuHitTest(node => !!node.dataset?.gdkitPath);
  if (hit?.dataset.gdkitPath) {
    return hit.dataset.gdkitPath;
  }
  return tracker.currentWidget?.context.path ?? '';
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'gdkit-course:plugin',
  description:
    'Course sidebar for the gdkit lectures: navigator, exercise progress, hints and a safe reset',
  autoStart: true,
  requires: [IDocumentManager, INotebookTracker],
  optional: [ICommandPalette, ILabShell, ILayoutRestorer, IRenderMimeRegistry],
  activate: (
    app: JupyterFrontEnd,
    docManager: IDocumentManager,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    labShell: ILabShell | null,
    restorer: ILayoutRestorer | null,
    rendermime: IRenderMimeRegistry | null
  ) => {
    // -- accessibility: <img alt> from the output metadata, explorer widgets ----
    // Notebooks clone the registry when they open, after this plugin activated.
    for (const factory of [
      imageWithAltRendererFactory,
      svgWithAltRendererFactory
    ]) {
      rendermime?.addFactory(factory, factory.defaultRank);
    }
    new WidgetAccessibility(document.body);

    const contents = app.serviceManager.contents;
    const model = new CourseModel(contents, tracker);
    const confirmedSolutions = new Set<string>();

    // -- opening lectures, exercises and solutions --------------------------------
    const openLecture = async (path: string, exercise?: string) => {
      const widget = docManager.openOrReveal(path);
      if (exercise && widget instanceof NotebookPanel) {
        await widget.context.ready;
        const records = widget.content.widgets.findIndex(cell =>
          (cell.model.toJSON().outputs as any[] | undefined)?.some(
            o => o?.data?.[CHECK_MIME]?.exercise === exercise
          )
        );
        if (records >= 0) {
          widget.content.activeCellIndex = records;
          widget.content.scrollToItem(records, 'center').catch(() => undefined);
        }
      }
    };

    const askSolutions = async (lecture: ILecture): Promise<boolean> => {
      const result = await showDialog({
        title: 'Open the solutions?',
        body:
          `The solutions to “${lecture.title}” answer every exercise. ` +
          'Try the exercises (and their hints) first: you learn more from a ' +
          'failed attempt than from reading an answer.',
        buttons: [
          Dialog.cancelButton({ label: 'Not yet' }),
          Dialog.okButton({ label: 'Open the solutions' })
        ]
      });
      return result.button.accept;
    };

    const openSolutions = async (lecture: ILecture) => {
      const course = model.course;
      const path = course ? solutionsPath(course, lecture) : null;
      if (!path) {
        return;
      }
      if (!confirmedSolutions.has(path)) {
        if (!(await askSolutions(lecture))) {
          return;
        }
        confirmedSolutions.add(path);
      }
      docManager.openOrReveal(path);
    };

    // A solutions notebook opened some other way (file browser, link): hide it and ask.
    tracker.widgetAdded.connect(async (_, panel) => {
      panel.addClass('gdkit-mod-concealed');
      try {
        await panel.context.ready;
        const course = await model.load();
        const path = panel.context.path;
        const lecture = course ? lectureOfSolutions(course, path) : undefined;
        if (lecture && !confirmedSolutions.has(path)) {
          if (await askSolutions(lecture)) {
            confirmedSolutions.add(path);
          } else {
            panel.close();
            return;
          }
        }
      } finally {
        panel.removeClass('gdkit-mod-concealed');
      }
    });

    // -- hints: record when a tagged hint's <details> is opened ------------------
    tracker.widgetAdded.connect((_, panel) => {
      panel.content.node.addEventListener(
        'toggle', // does not bubble: listen in the capture phase
        event => {
          const details = event.target as HTMLDetailsElement;
          if (!(details instanceof HTMLDetailsElement) || !details.open) {
            return;
          }
          const cell = panel.content.widgets.find(c =>
            c.node.contains(details)
          );
          if (!cell || cell.model.type !== 'markdown') {
            return;
          }
          const tags = cell.model.getMetadata('tags');
          if (!Array.isArray(tags) || !tags.includes(HINT_TAG)) {
            return;
          }
          const meta = (cell.model.getMetadata(METADATA_KEY) ?? {}) as {
            [key: string]: unknown;
          };
          if (meta.hint_opened !== true) {
            cell.model.setMetadata(METADATA_KEY, {
              ...meta,
              hint_opened: true
            });
          }
        },
        true
      );
    });

    // -- the sidebar --------------------------------------------------------------
    const sidebar = new CourseSidebar(model, {
      openLecture: (path, exercise) => void openLecture(path, exercise),
      openSolutions: lecture => void openSolutions(lecture)
    });
    sidebar.title.icon = courseIcon;
    app.shell.add(sidebar, 'left', { rank: 50 });
    restorer?.add(sidebar, sidebar.id);
    const follow = () => {
      sidebar.currentPath = tracker.currentWidget?.context.path ?? '';
    };
    tracker.currentChanged.connect(follow);
    labShell?.currentChanged.connect(follow);
    void model.load();
    // The first time JupyterLab opens in this browser, show the course rather than
    // the file browser (later, JupyterLab restores whatever the student left open).
    // Notebook 7 keeps its side panels closed: the sidebar is under View there.
    void app.restored.then(() => {
      const key = 'gdkit-course:introduced';
      try {
        if (labShell && !window.localStorage.getItem(key)) {
          window.localStorage.setItem(key, '1');
          app.shell.activateById(sidebar.id);
        }
      } catch {
        // no localStorage (private mode): nothing to remember
      }
    });

    // -- commands -----------------------------------------------------------------
    const lectureOf = (path: string): [ICourse, ILecture] | null => {
      const course = model.course;
      const lecture = course ? lectureAt(course, path) : undefined;
      return course && lecture ? [course, lecture] : null;
    };

    app.commands.addCommand(CommandIDs.show, {
      label: 'Show the course sidebar',
      caption: 'Lectures, exercises and their status',
      execute: () => {
        app.shell.activateById(sidebar.id);
      }
    });

    for (const [id, step, label] of [
      [CommandIDs.next, 1, 'Next lecture'],
      [CommandIDs.previous, -1, 'Previous lecture']
    ] as const) {
      app.commands.addCommand(id, {
        label: args => {
          const path = targetPath(app, tracker, args);
          const course = model.course;
          const other = course ? neighbour(course, path, step) : undefined;
          return other ? `${label}: ${other.title}` : label;
        },
        isEnabled: args => {
          const course = model.course;
          return (
            !!course &&
            !!neighbour(course, targetPath(app, tracker, args), step)
          );
        },
        execute: async args => {
          const course = model.course;
          const path = targetPath(app, tracker, args);
          const other = course ? neighbour(course, path, step) : undefined;
          if (course && other) {
            await openLecture(lecturePath(course, other));
          }
        }
      });
    }

    app.commands.addCommand(CommandIDs.solutions, {
      label: 'Open the solutions of this lecture…',
      isEnabled: args => {
        const found = lectureOf(targetPath(app, tracker, args));
        return !!found && !!found[1].solutions;
      },
      execute: async args => {
        const found = lectureOf(targetPath(app, tracker, args));
        if (found) {
          await openSolutions(found[1]);
        }
      }
    });

    app.commands.addCommand(CommandIDs.reset, {
      label: 'Reset lecture to the original…',
      caption:
        'Restore the original lecture; your version is kept as a timestamped copy beside it',
      isEnabled: args => !!lectureOf(targetPath(app, tracker, args)),
      execute: async args => {
        const found = lectureOf(targetPath(app, tracker, args));
        if (!found) {
          return;
        }
        const [course, lecture] = found;
        const path = lecturePath(course, lecture);
        const answer = await showDialog({
          title: 'Reset this lecture?',
          body:
            `“${lecture.title}” goes back to the original from the course files. ` +
            'Your version is not deleted: it is saved first as a copy beside it, ' +
            `named ${lecture.file.replace(/\.ipynb$/, '')}-DATE-TIME.ipynb.`,
          buttons: [
            Dialog.cancelButton(),
            Dialog.warnButton({ label: 'Keep a copy and reset' })
          ]
        });
        if (!answer.button.accept) {
          return;
        }
        try {
          const result = await resetLecture(
            contents,
            course,
            lecture,
            model.openPanel(path)
          );
          await model.read(lecture);
          await showDialog({
            title: 'Lecture reset',
            body: result.backup
              ? `Your version is kept as ${result.backup}.`
              : 'There was no version of yours to keep.',
            buttons: [Dialog.okButton()]
          });
        } catch (err) {
          await showErrorMessage('The lecture was not reset', String(err));
        }
      }
    });

    if (palette) {
      for (const command of Object.values(CommandIDs)) {
        palette.addItem({ command, category: CATEGORY });
      }
    }
    app.contextMenu.addItem({
      command: CommandIDs.solutions,
      selector: '.gdkit-Course-lecture',
      rank: 1
    });
    app.contextMenu.addItem({
      command: CommandIDs.reset,
      selector: '.gdkit-Course-lecture',
      rank: 2
    });

    // -- notebook toolbar: previous, next, reset (only on lectures) -------------
    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: (
        panel: NotebookPanel,
        _context: DocumentRegistry.IContext<INotebookModel>
      ): IDisposable => {
        let slot = 10; // after the notebook's own buttons, in this order
        const make = (
          name: string,
          command: string,
          label: string,
          tooltip: string
        ) => {
          const button = new ActionButton({
            label,
            tooltip,
            className: `gdkit-Course-toolbar gdkit-Course-${name}`,
            onClick: () =>
              void app.commands.execute(command, { path: panel.context.path })
          });
          panel.toolbar.insertItem(slot++, `gdkit-${name}`, button);
          return button;
        };
        const buttons = [
          make(
            'previous',
            CommandIDs.previous,
            '◀ Previous',
            'Previous lecture'
          ),
          make('next', CommandIDs.next, 'Next ▶', 'Next lecture'),
          make(
            'reset',
            CommandIDs.reset,
            'Reset',
            'Reset lecture to the original (keeps your copy)'
          )
        ];
        const update = () => {
          const course = model.course;
          const path = panel.context.path;
          const isLecture = !!course && !!lectureAt(course, path);
          buttons.forEach(b => b.setHidden(!isLecture));
          buttons[0].enabled =
            isLecture && !!neighbour(course as ICourse, path, -1);
          buttons[1].enabled =
            isLecture && !!neighbour(course as ICourse, path, 1);
        };
        update();
        model.changed.connect(update);
        panel.context.pathChanged.connect(update);
        return new DisposableDelegate(() => {
          model.changed.disconnect(update);
          buttons.forEach(b => b.dispose());
        });
      }
    });
  }
};

export default plugin;
