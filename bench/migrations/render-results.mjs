/** median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * renderResults prints the median up and down seconds of each tool and their ratio to the
 * floor (the first row) as a Markdown table, ready to paste into bench/README.md; with the
 * server's own time executing statements in the tool's database (`server`), so the part of a
 * tool's time that is its own (client) work stands apart from the server's.
 */
export function renderResults(rows, { clientCpu = false } = {}) {
  const floor = rows.find((r) => r.key === 'floor');
  const cpuHead = clientCpu ? ' up client CPU (s) | down client CPU (s) |' : '';
  const cpuRule = clientCpu ? '------------------:|--------------------:|' : '';
  const lines = [
    `| tool | up (s) | up / floor | up: server (s) | down (s) | down / floor | down: server (s) |${cpuHead}`,
    `|------|-------:|-----------:|---------------:|---------:|-------------:|-----------------:|${cpuRule}`,
  ];
  for (const r of rows) {
    const up = median(r.up);
    const down = median(r.down);
    const cpu = clientCpu ? ` ${median(r.upCpu).toFixed(2)} | ${median(r.downCpu).toFixed(2)} |` : '';
    lines.push(
      `| ${r.name} | ${up.toFixed(2)} | ${(up / median(floor.up)).toFixed(2)}x | ${median(r.upServer).toFixed(2)} | ${down.toFixed(2)} | ${(down / median(floor.down)).toFixed(2)}x | ${median(r.downServer).toFixed(2)} |${cpu}`,
    );
  }
  return lines.join('\n');
}
