// Every relative link in README.md and docs/*.md resolves: to a file of the repository, and a
// `#anchor` to a heading of that page, and no link leaves the repository. References by text to
// things outside it are test/unit/self-contained.test.ts's, for every tracked file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { anchors, links, prose, slug } from '../helpers/doc-links.js';
import { docFiles } from '../helpers/readme-blocks.js';

const pages = docFiles();
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

describe('links in README.md and docs/*.md', () => {
  it('every relative link names a file inside the repository, and an #anchor a heading of it', () => {
    const broken: string[] = [];
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
