import {
  backupPath,
  candidatePaths,
  lectureAt,
  lectureOfSolutions,
  lecturePath,
  ManifestError,
  neighbour,
  originalPath,
  parseManifest,
  solutionsPath
} from '../manifest';

// The repository's own manifest: the extension must accept what gdkit.course writes.
declare const require: (path: string) => unknown;
const COURSE_JSON = require('../../../lectures/course.json');

const small = () => ({
  format: 'gdkit-course/1',
  title: 'A course',
  lectures: [
    {
      file: '00_welcome.ipynb',
      title: '00 · Welcome',
      summary: 'start here',
      solutions: null,
      exercises: []
    },
    {
      file: '01_loss.ipynb',
      title: '01 · Loss',
      summary: 'losses',
      solutions: 'solutions/01_loss_solutions.ipynb',
      exercises: [
        { id: '01.1', title: 'first' },
        { id: '01.2', title: 'second' }
      ]
    }
  ]
});

describe('parseManifest', () => {
  it('reads the course manifest of this repository', () => {
    const course = parseManifest(COURSE_JSON, 'lectures/course.json');
    expect(course.lectures.length).toBeGreaterThanOrEqual(11);
    expect(course.lectures[0].file).toBe('00_welcome.ipynb');
    expect(course.folder).toBe('lectures');
    expect(course.originals).toBe('lectures/originals');
    const ids: string[] = [];
    course.lectures.forEach(l => l.exercises.forEach(e => ids.push(e.id)));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves paths relative to the manifest folder', () => {
    const root = parseManifest(small(), 'course.json');
    expect(root.folder).toBe('');
    expect(lecturePath(root, root.lectures[1])).toBe('01_loss.ipynb');
    expect(solutionsPath(root, root.lectures[1])).toBe(
      'solutions/01_loss_solutions.ipynb'
    );
    expect(solutionsPath(root, root.lectures[0])).toBeNull();
    expect(originalPath(root, root.lectures[1])).toBe(
      'originals/01_loss.ipynb.original'
    );
    const deep = parseManifest(small(), 'gdkit/lectures/course.json');
    expect(lecturePath(deep, deep.lectures[0])).toBe(
      'gdkit/lectures/00_welcome.ipynb'
    );
    expect(lectureAt(deep, 'gdkit/lectures/01_loss.ipynb')?.title).toBe(
      '01 · Loss'
    );
    expect(lectureAt(deep, '01_loss.ipynb')).toBeUndefined();
    expect(
      lectureOfSolutions(
        deep,
        'gdkit/lectures/solutions/01_loss_solutions.ipynb'
      )?.file
    ).toBe('01_loss.ipynb');
  });

  it('finds the previous and next lecture', () => {
    const c = parseManifest(small(), 'course.json');
    expect(neighbour(c, '00_welcome.ipynb', 1)?.file).toBe('01_loss.ipynb');
    expect(neighbour(c, '00_welcome.ipynb', -1)).toBeUndefined();
    expect(neighbour(c, '01_loss.ipynb', -1)?.file).toBe('00_welcome.ipynb');
    expect(neighbour(c, '01_loss.ipynb', 1)).toBeUndefined();
    expect(neighbour(c, 'elsewhere.ipynb', 1)).toBeUndefined();
  });

  const bad: Array<[string, (d: any) => unknown, RegExp]> = [
    ['not an object', () => [], /must hold a JSON object.*got \[\]/],
    [
      'wrong format',
      d => ({ ...d, format: 'x/2' }),
      /format must be "gdkit-course\/1", got "x\/2"/
    ],
    [
      'no lectures',
      d => ({ ...d, lectures: [] }),
      /lectures must be a non-empty list, got \[\]/
    ],
    [
      'a file outside the folder',
      d => ((d.lectures[0].file = '../x.ipynb'), d),
      /lectures\[0\]\.file must be a notebook file name.*got "\.\.\/x\.ipynb"/
    ],
    [
      'a file listed twice',
      d => ((d.lectures[1].file = '00_welcome.ipynb'), d),
      /lectures\[1\]\.file: 00_welcome\.ipynb is listed twice/
    ],
    [
      'an empty title',
      d => ((d.lectures[1].title = ' '), d),
      /lectures\[1\]\.title must be a non-empty string, got " "/
    ],
    [
      'a bad exercise id',
      d => ((d.lectures[1].exercises[0].id = 'a b'), d),
      /exercises\[0\]\.id must be letters.*got "a b"/
    ],
    [
      'a duplicate exercise id',
      d => ((d.lectures[1].exercises[1].id = '01.1'), d),
      /exercises\[1\]\.id: 01\.1 is used twice/
    ],
    [
      'solutions outside the course',
      d => ((d.lectures[1].solutions = '../s.ipynb'), d),
      /solutions must be null or a relative notebook path, got "\.\.\/s\.ipynb"/
    ],
    [
      'exercises not a list',
      d => ((d.lectures[1].exercises = {}), d),
      /exercises must be a list of \{id, title\}, got \{\}/
    ]
  ];
  it.each(bad)(
    'rejects %s with a message naming field and value',
    (_, edit, message) => {
      expect(() => parseManifest(edit(small()), 'course.json')).toThrow(
        ManifestError
      );
      expect(() => parseManifest(edit(small()), 'course.json')).toThrow(
        message
      );
    }
  );
});

describe('candidatePaths', () => {
  it('looks beside the open notebooks, then up, then at the root and top folders', () => {
    const c = candidatePaths(
      ['gdkit/lectures/01_loss.ipynb'],
      ['gdkit', 'other']
    );
    expect(c.slice(0, 2)).toEqual([
      'gdkit/lectures/course.json',
      'gdkit/lectures/lectures/course.json'
    ]);
    expect(c).toContain('gdkit/course.json');
    expect(c).toContain('course.json');
    expect(c).toContain('lectures/course.json');
    expect(c).toContain('other/lectures/course.json');
    expect(new Set(c).size).toBe(c.length);
  });

  it('covers make lab (root = lectures/) and Binder (root = repository)', () => {
    expect(candidatePaths([]).slice(0, 2)).toEqual([
      'course.json',
      'lectures/course.json'
    ]);
  });
});

describe('backupPath', () => {
  it('adds a local timestamp, and a counter when asked', () => {
    const when = new Date(2025, 0, 2, 3, 4, 5);
    expect(backupPath('lectures/01_loss.ipynb', when)).toBe(
      'lectures/01_loss-20250102-030405.ipynb'
    );
    expect(backupPath('01_loss.ipynb', when, 2)).toBe(
      '01_loss-20250102-030405-2.ipynb'
    );
  });
});
