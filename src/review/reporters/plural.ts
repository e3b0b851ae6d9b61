/** plural writes a count with its noun: `1 error`, `2 errors`, `0 files`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
