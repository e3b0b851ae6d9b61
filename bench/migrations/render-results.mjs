/** median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * renderResults prints the median up and down seconds of each tool and their ratio to the
 * floor (the first row) as a Markdown table, ready to paste into bench/README.md.
 */
export function renderResults(rows, { clientCpu = false } = {}) {
  const floor = rows.find((r) => r.key === 'floor');
  const cpuHead = clientCpu ? ' up client CPU (s) | down client CPU (s) |' : '';
  const cpuRule = clientCpu ? '------------------:|--------------------:|' : '';
  const lines = [
    `| tool | up (s) | up / floor | down (s) | down / floor |${cpuHead}`,
    `|------|-------:|-----------:|---------:|-------------:|${cpuRule}`,
  ];
  for (const r of rows) {
    const up = median(r.up);
    const down = median(r.down);
    const cpu = clientCpu ? ` ${median(r.upCpu).toFixed(2)} | ${median(r.downCpu).toFixed(2)} |` : '';
    lines.push(
      `| ${r.name} | ${up.toFixed(2)} | ${(up / median(floor.up)).toFixed(2)}x | ${down.toFixed(2)} | ${(down / median(floor.down)).toFixed(2)}x |${cpu}`,
    );
  }
  return lines.join('\n');
}
