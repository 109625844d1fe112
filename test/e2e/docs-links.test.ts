// Every relative link in README.md and docs/*.md resolves: to a file of the repository, and a
// `#anchor` to a heading of that page. Nothing points outside the repository, by link or by text
// (a folder beside the checkout, a machine's path, labels of notes that are not in it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { anchors, links, prose, slug } from '../helpers/doc-links.js';
import { docFiles } from '../helpers/readme-blocks.js';

/**
 * Pages written on another branch, linked before they land. An entry applies only while its file is
 * missing: once the file exists the entry is stale and fails, so it is removed with the merge.
 */
const PENDING: Record<string, string> = {
  'docs/architecture.md': 'how the code is laid out, written on its own branch',
};

/** Text no page may hold: each names something a reader of the repository cannot open. */
const OUTSIDE: readonly [RegExp, string][] = [
  [/(^|[\s(])\/work\//, 'a path on the machine the docs were written on'],
  [/\bshared\//, 'a folder outside the repository'],
  [/\b(design|protocol|users)\.md\b/, 'a note outside the repository'],
  [/\bF[1-9]\b(?!\d)/, 'a label of field reports that are not in the repository'],
  [/\bissue #?\d+\b/i, "an issue of the project's tracker (explain in place)"],
];

const pages = docFiles();
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe('links in README.md and docs/*.md', () => {
  it('every relative link names a file inside the repository, and an #anchor a heading of it', () => {
    const broken: string[] = [];
    const pending = new Set<string>();
    for (const page of pages) {
      for (const { target, line } of links(read(page))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        const where = `${page}:${line} (${target})`;
        if (resolved.startsWith('../') || path.posix.isAbsolute(resolved)) {
          broken.push(`${where}: outside the repository`);
          continue;
        }
        if (resolved in PENDING && !existsSync(path.join(ROOT, resolved))) {
          pending.add(resolved);
          continue;
        }
        if (!existsSync(path.join(ROOT, resolved))) {
          broken.push(`${where}: no such file`);
          continue;
        }
        if (anchor !== undefined) {
          const isPage = resolved.endsWith('.md') && statSync(path.join(ROOT, resolved)).isFile();
          if (!isPage) broken.push(`${where}: an anchor into a file that is not a page`);
          else if (!anchors(read(resolved)).has(anchor)) broken.push(`${where}: no heading "${anchor}"`);
        }
      }
    }
    expect(broken).toEqual([]);
    // An entry for a page that has landed (or that nothing links any more) is stale.
    expect(Object.keys(PENDING).filter((file) => !pending.has(file))).toEqual([]);
  });

  it('no page refers to anything outside the repository', () => {
    const found = pages.flatMap((page) =>
      read(page)
        .split('\n')
        .flatMap((text, index) =>
          OUTSIDE.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${page}:${index + 1}: ${what}`),
        ),
    );
    expect(found).toEqual([]);
  });

  it("each page's contents list links to its own headings", () => {
    // The lists at the top of the pages are the reader's map: checked like any link above, and here
    // each page that has one must list every second-level heading.
    const missing = pages.flatMap((page) => {
      const text = read(page);
      const own = new Set(links(text).flatMap((l) => (l.target.startsWith('#') ? [l.target.slice(1)] : [])));
      if (own.size === 0) return [];
      return prose(text)
        .filter((line) => /^## /.test(line))
        .map((line) => slug(line.slice(3)))
        .filter((anchor) => anchor !== 'contents' && !own.has(anchor))
        .map((anchor) => `${page}: ## ${anchor}`);
    });
    expect(missing).toEqual([]);
  });

  it('README.md stays a front door: at most 250 lines, the rest in docs/', () => {
    expect(read('README.md').split('\n').length - 1).toBeLessThanOrEqual(250);
  });

  it('reads links and anchors as GitHub does', () => {
    const page = '# T\n\n## Is this ready: `doctor` and devices\n\n```sh\n# not a heading\n```\n\n## A\n\n## A\n';
    expect([...anchors(page)]).toEqual(['t', 'is-this-ready-doctor-and-devices', 'a', 'a-1']);
    expect(links('see [x](a.md#b) and `[y](c.md)`\n```\n[z](d.md)\n```\n[w](#e)')).toEqual([
      { target: 'a.md#b', line: 1 },
      { target: '#e', line: 5 },
    ]);
  });
});
