// A small model of a terminal screen for unit tests of what is drawn in place: it applies the
// characters and the few sequences gemtoken writes (\r, \n as the tty's ONLCR turns it into \r\n,
// ESC[K, ESC[2K, ESC[nA, ESC[nG, ESC[J; colour and modes are ignored) and wraps at `columns` the way xterm does (a character written in
// the last column leaves the cursor there until the next one). Wide characters count as one column.

const TOKEN = /\x1b\[([0-9;?]*)([A-Za-z])|[\s\S]/gu; // eslint-disable-line no-control-regex -- escape sequences are what it reads

export function renderScreen(written: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let column = 0;
  let pendingWrap = false;
  const at = (r: number): string[] => (rows[r] ??= []);
  for (const match of written.matchAll(TOKEN)) {
    const [token, param, final] = match;
    const n = Number(param || '1');
    if (final === 'K')
      rows[row] = param === '2' ? [] : at(row).slice(0, column); // ESC[K, ESC[0K: to the end
    else if (final === 'A') row = Math.max(0, row - n);
    else if (final === 'G') column = Math.min(columns - 1, n - 1);
    else if (final === 'J') {
      rows[row] = at(row).slice(0, column);
      rows.length = row + 1;
    } else if (final === 'm' || final === 'h' || final === 'l')
      continue; // colour, cursor shown or hidden
    else if (final !== undefined) throw new Error(`renderScreen: unexpected sequence ${JSON.stringify(token)}`);
    else if (token === '\r') column = 0;
    else if (token === '\n') {
      row += 1;
      column = 0;
      at(row);
    } else {
      if (pendingWrap) {
        row += 1;
        column = 0;
      }
      const line = at(row);
      while (line.length < column) line.push(' ');
      line[column] = token;
      pendingWrap = column === columns - 1;
      if (!pendingWrap) column += 1;
      continue;
    }
    pendingWrap = false;
  }
  return rows.map((line) => line.join('').trimEnd());
}
