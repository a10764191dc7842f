/**
 * The course sidebar: every lecture in order, each with its exercises, their status
 * (not tried, failing, passed) and whether a hint was opened.
 *
 * Accessibility: the lectures are a list (`role="list"`, labelled by the course
 * title); each lecture and each exercise is a native button (Tab reaches them,
 * Enter or Space opens), the arrow keys, Home and End move between them, and every
 * status is spelled out in the button's accessible name, not only by a symbol.
 */

import { Widget } from '@lumino/widgets';

import { ICourse, ILecture, lecturePath } from './manifest';
import { CourseModel } from './model';
import { countPassed, statusLabel } from './status';

export const SIDEBAR_ID = 'gdkit-course-sidebar';

const MARK: { [status: string]: string } = {
  'not-tried': '○',
  failing: '✘',
  passed: '✔'
};

export interface ISidebarActions {
  openLecture(path: string, exercise?: string): void;
  openSolutions(lecture: ILecture): void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: { [key: string]: string } = {},
  text = ''
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    node.setAttribute(k, v);
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

/** Markdown code spans read as plain text in the sidebar. */
function plain(text: string): string {
  return text.replace(/`/g, '');
}

export class CourseSidebar extends Widget {
  constructor(
    private model: CourseModel,
    private actions: ISidebarActions
  ) {
    super();
    this.id = SIDEBAR_ID;
    this.addClass('gdkit-Course');
    this.title.caption = 'Course: lectures and exercises';
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'Course');
    this.node.addEventListener('keydown', this.onKeyDown);
    model.changed.connect(() => this.render());
    this.render();
  }

  /** The notebook the student is looking at (highlighted as the current lecture). */
  set currentPath(path: string) {
    if (path !== this._current) {
      this._current = path;
      this.render();
    }
  }

  render(): void {
    const course = this.model.course;
    const focused = (document.activeElement as HTMLElement | null)?.dataset
      ?.gdkitKey;
    this.node.textContent = '';
    if (!course) {
      const msg = el(
        'p',
        { class: 'gdkit-Course-message', role: 'status' },
        this.model.error || 'Looking for the course…'
      );
      this.node.appendChild(msg);
      return;
    }
    this.node.appendChild(this.header(course));
    const list = el('ol', {
      class: 'gdkit-Course-lectures',
      role: 'list',
      'aria-labelledby': 'gdkit-course-title'
    });
    for (const lecture of course.lectures) {
      list.appendChild(this.lectureItem(course, lecture));
    }
    this.node.appendChild(list);
    if (focused) {
      const again = this.node.querySelector<HTMLElement>(
        `[data-gdkit-key="${CSS.escape(focused)}"]`
      );
      again?.focus();
    }
  }

  private header(course: ICourse): HTMLElement {
    const header = el('header', { class: 'gdkit-Course-header' });
    header.appendChild(el('h2', { id: 'gdkit-course-title' }, course.title));
    let total = 0;
    let passed = 0;
    for (const lecture of course.lectures) {
      total += lecture.exercises.length;
      passed += countPassed(this.model.progress(lecturePath(course, lecture)));
    }
    header.appendChild(
      el(
        'p',
        { class: 'gdkit-Course-total', 'aria-live': 'polite' },
        `${passed} of ${total} exercises passed`
      )
    );
    return header;
  }

  private lectureItem(course: ICourse, lecture: ILecture): HTMLElement {
    const path = lecturePath(course, lecture);
    const progress = this.model.progress(path);
    const passed = countPassed(progress);
    const n = lecture.exercises.length;
    const item = el('li', {
      class: 'gdkit-Course-lecture',
      'data-gdkit-path': path
    });
    const open = el('button', {
      class: 'gdkit-Course-open',
      type: 'button',
      'data-gdkit-key': path,
      title: plain(lecture.summary),
      'aria-label':
        `${lecture.title}` +
        (n ? `, ${passed} of ${n} exercises passed` : '') +
        (path === this._current ? ', open now' : '')
    });
    open.appendChild(
      el('span', { class: 'gdkit-Course-lectureTitle' }, lecture.title)
    );
    if (n) {
      open.appendChild(
        el(
          'span',
          { class: 'gdkit-Course-count', 'aria-hidden': 'true' },
          `${passed}/${n}`
        )
      );
    }
    if (path === this._current) {
      item.classList.add('gdkit-mod-current');
      open.setAttribute('aria-current', 'page');
    }
    open.addEventListener('click', () => this.actions.openLecture(path));
    item.appendChild(open);
    if (n) {
      const exercises = el('ul', {
        class: 'gdkit-Course-exercises',
        role: 'list',
        'aria-label': `Exercises of ${lecture.title}`
      });
      for (const ex of lecture.exercises) {
        const p = progress.get(ex.id);
        const status = p?.status ?? 'not-tried';
        const li = el('li', {
          class: 'gdkit-Course-exercise',
          'data-exercise': ex.id,
          'data-status': status
        });
        const name =
          `Exercise ${ex.id}, ${ex.title}: ${statusLabel(status)}` +
          (p?.hintUsed ? ', hint used' : '');
        const button = el('button', {
          type: 'button',
          class: 'gdkit-Course-exerciseButton',
          'data-gdkit-key': `${path}#${ex.id}`,
          'aria-label': name,
          title: name
        });
        button.appendChild(
          el(
            'span',
            { class: 'gdkit-Course-mark', 'aria-hidden': 'true' },
            MARK[status]
          )
        );
        button.appendChild(
          el('span', { class: 'gdkit-Course-exerciseTitle' }, ex.title)
        );
        if (p?.hintUsed) {
          button.appendChild(
            el(
              'span',
              { class: 'gdkit-Course-hint', 'aria-hidden': 'true' },
              'hint'
            )
          );
        }
        button.addEventListener('click', () =>
          this.actions.openLecture(path, ex.id)
        );
        li.appendChild(button);
        exercises.appendChild(li);
      }
      item.appendChild(exercises);
    }
    if (lecture.solutions && this.model.hasSolutions(lecture)) {
      const sol = el(
        'button',
        {
          type: 'button',
          class: 'gdkit-Course-solutions',
          'data-gdkit-key': `${path}#solutions`,
          'aria-label': `Solutions to ${lecture.title} (asks first)`
        },
        'Solutions…'
      );
      sol.addEventListener('click', () => this.actions.openSolutions(lecture));
      item.appendChild(sol);
    }
    return item;
  }

  /** Up/Down (and Home/End) move between the sidebar's buttons. */
  private onKeyDown = (event: KeyboardEvent): void => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
    if (!keys.includes(event.key)) {
      return;
    }
    const buttons = Array.from(
      this.node.querySelectorAll<HTMLButtonElement>('button[data-gdkit-key]')
    );
    if (buttons.length === 0) {
      return;
    }
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    let next = 0;
    if (event.key === 'ArrowDown') {
      next = i < 0 ? 0 : Math.min(i + 1, buttons.length - 1);
    } else if (event.key === 'ArrowUp') {
      next = i < 0 ? 0 : Math.max(i - 1, 0);
    } else if (event.key === 'End') {
      next = buttons.length - 1;
    }
    buttons[next].focus();
    event.preventDefault();
  };

  private _current = '';
}
