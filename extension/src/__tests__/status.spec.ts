import {
  CHECK_MIME,
  checkRecords,
  exerciseProgress,
  exerciseStatus,
  hintExercise,
  hintsUsed,
  ICellLike,
  ICheckRecord,
  parseCheck
} from '../status';

/** A code cell whose output is what gdkit displays for a check. */
function check(
  exercise: string | null,
  status: string,
  extra: { [mime: string]: unknown } = {}
): ICellLike {
  return {
    cell_type: 'code',
    metadata: {},
    outputs: [
      {
        output_type: 'execute_result',
        data: {
          'text/plain': 'ignored: the extension never reads the text',
          'text/html': '<p>ignored</p>',
          [CHECK_MIME]: {
            exercise,
            lecture: null,
            status,
            name: 'x',
            message: 'm'
          },
          ...extra
        }
      }
    ]
  };
}

const md = (tags: string[] = [], opened = false): ICellLike => ({
  cell_type: 'markdown',
  metadata: { tags, ...(opened ? { gdkit: { hint_opened: true } } : {}) }
});

const EXERCISES = [
  { id: '01.1', title: 'one' },
  { id: '01.2', title: 'two' },
  { id: '01.3', title: 'three' }
];

const rec = (status: ICheckRecord['status']): ICheckRecord => ({
  exercise: 'e',
  status,
  name: null,
  message: '',
  cell: 0
});

describe('parseCheck', () => {
  it('accepts the three statuses and rejects anything else', () => {
    expect(parseCheck({ exercise: '01.1', status: 'passed' }, 3)).toMatchObject(
      {
        exercise: '01.1',
        status: 'passed',
        cell: 3
      }
    );
    expect(parseCheck({ status: 'not-answered' }, 0)?.exercise).toBeNull();
    expect(parseCheck({ exercise: '01.1', status: 'PASSED' }, 0)).toBeNull();
    expect(parseCheck('passed', 0)).toBeNull();
    expect(parseCheck(null, 0)).toBeNull();
    expect(parseCheck([], 0)).toBeNull();
  });
});

describe('exerciseStatus', () => {
  it('is not tried without an answered check', () => {
    expect(exerciseStatus([])).toBe('not-tried');
    expect(exerciseStatus([rec('not-answered'), rec('not-answered')])).toBe(
      'not-tried'
    );
  });
  it('is passed only when every check passed', () => {
    expect(exerciseStatus([rec('passed')])).toBe('passed');
    expect(exerciseStatus([rec('passed'), rec('passed')])).toBe('passed');
    expect(exerciseStatus([rec('passed'), rec('not-answered')])).toBe(
      'failing'
    );
    expect(exerciseStatus([rec('passed'), rec('failed')])).toBe('failing');
    expect(exerciseStatus([rec('failed')])).toBe('failing');
  });
});

describe('exerciseProgress', () => {
  it('reads each exercise from its own checks, in a saved or open notebook', () => {
    const cells = [
      md(),
      check('01.1', 'passed'),
      check('01.2', 'failed'),
      check(null, 'passed'), // the worked example: no exercise id, counts for nothing
      check('99.9', 'passed') // not an exercise of this lecture
    ];
    const p = exerciseProgress(EXERCISES, cells);
    expect(p.get('01.1')).toEqual({
      status: 'passed',
      checks: 1,
      passed: 1,
      hintUsed: false
    });
    expect(p.get('01.2')?.status).toBe('failing');
    expect(p.get('01.3')).toEqual({
      status: 'not-tried',
      checks: 0,
      passed: 0,
      hintUsed: false
    });
    expect([...p.keys()]).toEqual(['01.1', '01.2', '01.3']);
  });

  it('turns to passed when a failing check is re-run and passes', () => {
    const before = exerciseProgress(EXERCISES, [check('01.2', 'not-answered')]);
    expect(before.get('01.2')?.status).toBe('not-tried');
    const after = exerciseProgress(EXERCISES, [check('01.2', 'passed')]);
    expect(after.get('01.2')?.status).toBe('passed');
  });

  it('ignores malformed check data and cells without outputs', () => {
    const cells: ICellLike[] = [
      { cell_type: 'code' },
      { cell_type: 'code', outputs: [{ output_type: 'stream' }] },
      {
        cell_type: 'code',
        outputs: [
          { output_type: 'display_data', data: { [CHECK_MIME]: { status: 7 } } }
        ]
      }
    ];
    expect(checkRecords(cells)).toEqual([]);
  });
});

describe('hints', () => {
  it('records a hint as used only when its cell says it was opened', () => {
    const cells = [
      md(['hint', 'exercise:01.3'], true),
      md(['hint', 'exercise:01.2'], false),
      md(['not-a-hint'], true)
    ];
    expect([...hintsUsed(cells)]).toEqual(['01.3']);
    const p = exerciseProgress(EXERCISES, cells);
    expect(p.get('01.3')?.hintUsed).toBe(true);
    expect(p.get('01.2')?.hintUsed).toBe(false);
  });

  it('without an exercise tag, belongs to the next check below it', () => {
    const cells = [
      md(['hint'], true),
      { cell_type: 'code', outputs: [] },
      check(null, 'not-answered'),
      check('01.2', 'not-answered'),
      check('01.3', 'not-answered')
    ];
    expect(hintExercise(cells, 0)).toBe('01.2');
    expect([...hintsUsed(cells)]).toEqual(['01.2']);
  });

  it('only Markdown cells are hints', () => {
    const code = {
      ...check('01.1', 'passed'),
      metadata: { tags: ['hint'], gdkit: { hint_opened: true } }
    };
    expect(hintsUsed([code]).size).toBe(0);
  });
});
